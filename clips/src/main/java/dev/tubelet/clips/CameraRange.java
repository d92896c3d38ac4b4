package dev.tubelet.clips;

import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one camera's records of one topic (frames, detections) for a span of capture time, back
 * from Kafka. The records are found by their Kafka timestamps (when the producer sent them; Tubelet's
 * ingest and job send right after capture), starting {@link #SEND_ALLOWANCE} before the span; the
 * camera's own capture times decide what is in. Records keyed by another camera (the contract's key
 * is the camera id) are skipped undecoded; unkeyed ones are decoded to see whose they are. Every partition is read (producers in other languages
 * partition by other hashes) until the camera's first record shows which one is its own; then that
 * one alone. Reading ends at the camera's first record after the span, or, when the topic has nothing
 * more, once the wall clock is {@code grace} past the span's end (the camera stopped, or late frames
 * had their chance).
 *
 * @param <T> the record type
 */
public final class CameraRange<T extends SpecificRecordBase> {
    /** How long before a capture time its record may have been sent (clock skew, ingest buffering). */
    static final Duration SEND_ALLOWANCE = Duration.ofSeconds(10);
    /** Longest one read goes on looking for a camera's records. */
    static final Duration MAX_READ = Duration.ofMinutes(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final SingleObjectSerde<T> serde;
    private final Function<T, String> camera;
    private final Function<T, Instant> time;
    private final Clock clock;

    /**
     * What was read.
     *
     * @param records the camera's records in the span
     * @param seen whether any record of the camera was read (before, in or after the span)
     * @param retentionCut whether the partition read had lost older records to retention
     * @param undecodable records skipped as not of the type
     */
    public record Found<T>(List<T> records, boolean seen, boolean retentionCut, long undecodable) {}

    /**
     * @param consumer a consumer with no group (assigned partitions), read_committed
     * @param topic the topic
     * @param type the record type
     * @param camera a record's camera id
     * @param time a record's capture time
     * @param clock the wall clock
     */
    public CameraRange(
            KafkaConsumer<byte[], byte[]> consumer,
            String topic,
            Class<T> type,
            Function<T, String> camera,
            Function<T, Instant> time,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.serde = SingleObjectSerde.of(type);
        this.camera = camera;
        this.time = time;
        this.clock = clock;
    }

    /**
     * @param cameraId the camera
     * @param from first capture time wanted
     * @param to last capture time wanted
     * @param grace how long past {@code to} (wall clock) to wait for records still to come
     * @param maxRecords bound on the records kept
     * @param stopping set when the program stops
     * @return the camera's records with capture times in [from, to], in topic order; whether the
     *     partition it lives in had lost records from before {@code from} to retention
     */
    public Found<T> read(
            String cameraId, Instant from, Instant to, Duration grace, int maxRecords, AtomicBoolean stopping) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        // the last read's pause outlives assign() when the partitions are the same ones
        consumer.resume(consumer.paused());
        long since = from.minus(SEND_ALLOWANCE).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Boolean> cutAtStart = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp start = starts.get(p);
            long offset = start == null ? ends.get(p) : start.offset();
            consumer.seek(p, offset);
            // the oldest record left is already newer than wanted: older ones went to retention
            cutAtStart.put(p, start != null && offset == beginnings.get(p) && offset > 0);
        }
        byte[] key = cameraId.getBytes(StandardCharsets.UTF_8);
        List<T> out = new ArrayList<>();
        TopicPartition own = null;
        long undecodable = 0;
        Instant giveUp = to.plus(grace);
        // never read for ever: a camera gone quiet on a topic that never goes quiet
        long deadline = System.nanoTime() + MAX_READ.toNanos();
        while (!stopping.get() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null && !Arrays.equals(record.key(), key)) {
                    continue; // another camera's (the key is the camera id): not worth decoding its image
                }
                T value;
                try {
                    value = serde.decode(record.value());
                } catch (MessageFormatException e) {
                    undecodable++;
                    continue;
                }
                if (!camera.apply(value).equals(cameraId)) {
                    continue;
                }
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (own == null) {
                    own = partition;
                    List<TopicPartition> others = new ArrayList<>(partitions);
                    others.remove(own);
                    consumer.pause(others);
                }
                Instant at = time.apply(value);
                if (at.isAfter(to)) {
                    return new Found<>(out, true, cutAtStart.get(own), undecodable);
                }
                if (!at.isBefore(from) && out.size() < maxRecords) {
                    out.add(value);
                }
            }
            if (caughtUp(own == null ? partitions : List.of(own))
                    && clock.instant().isAfter(giveUp)) {
                break;
            }
        }
        return new Found<>(
                out, own != null, own != null ? cutAtStart.get(own) : cutAtStart.containsValue(true), undecodable);
    }

    private boolean caughtUp(List<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            OptionalLong lag = consumer.currentLag(p);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }
}
