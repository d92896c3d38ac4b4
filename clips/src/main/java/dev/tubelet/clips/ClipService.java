package dev.tubelet.clips;

import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.ClipReady;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.VideoFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts in, clips out. For each alert (read_committed, in order, in a consumer group): the camera's
 * frames of the clip's time read back from the frames topic, an MP4 and its sidecar written, then
 * the {@code ClipReady} published in a Kafka transaction together with the group's progress on the
 * alerts topic. Exactly one record per alert on the clips topic, and no file written twice: an
 * alert whose sidecar exists (its transaction did not commit before a crash) is published from the
 * sidecar, not cut again. Frames that are gone give a {@code ClipReady} with no frames and a reason,
 * once.
 */
public final class ClipService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClipService.class);
    private static final SingleObjectSerde<Alert> ALERTS = SingleObjectSerde.of(Alert.class);
    private static final SingleObjectSerde<ClipReady> CLIPS = SingleObjectSerde.of(ClipReady.class);
    /** Bound on the frames of one clip held in memory (encoded): 2 min at 60 fps. */
    static final int MAX_FRAMES = 7200;
    /** How far before a clip detection keyframes are looked for (keyframes are a hop apart, seconds at most). */
    static final Duration KEYFRAME_LOOKBACK = Duration.ofSeconds(10);

    /** Hears about every alert and clip, e.g. to print them. */
    public interface Listener {
        /** An alert arrived. */
        default void alert(Alert alert) {}

        /** Its clip was written (or found written), or reported empty. */
        default void clip(ClipReady ready, Path file, boolean reused) {}
    }

    private final ClipSettings settings;
    private final Listener listener;
    private final KafkaConsumer<byte[], byte[]> alerts;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CameraRange<VideoFrame> frames;
    private final CameraRange<DetectionEvent> detections;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong empty = new AtomicLong();
    private final AtomicLong undecodableAlerts = new AtomicLong();

    /**
     * @param settings how to run
     * @param clock the wall clock (how long to wait for a clip's last frames)
     * @param listener hears about alerts and clips
     */
    public ClipService(ClipSettings settings, Clock clock, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.alerts = KafkaClients.groupMember(settings.bootstrap(), settings.kafka(), settings.groupId());
        this.reader = KafkaClients.assignedReader(settings.bootstrap(), settings.kafka());
        this.producer =
                KafkaClients.transactionalProducer(settings.bootstrap(), settings.kafka(), settings.transactionalId());
        ClipSettings.Topics topics = settings.topics();
        this.frames = new CameraRange<>(
                reader, topics.frames(), VideoFrame.class, VideoFrame::getCameraId, VideoFrame::getCaptureTime, clock);
        this.detections = new CameraRange<>(
                reader,
                topics.detections(),
                DetectionEvent.class,
                DetectionEvent::getCameraId,
                DetectionEvent::getKeyframeTime,
                clock);
    }

    /**
     * Makes clips until {@code stopping} is set.
     *
     * @param stopping set to stop (between alerts, or while waiting for frames)
     */
    public void run(AtomicBoolean stopping) throws IOException {
        checkTopics();
        producer.initTransactions();
        alerts.subscribe(List.of(settings.topics().alerts()));
        while (!stopping.get()) {
            for (ConsumerRecord<byte[], byte[]> record : alerts.poll(Duration.ofMillis(500))) {
                if (stopping.get()) {
                    // not done: the group's offset stays before it, the next start takes it
                    alerts.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                    return;
                }
                handle(record, stopping);
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, AtomicBoolean stopping) throws IOException {
        ClipReady ready = null;
        Alert alert = null;
        try {
            alert = ALERTS.decode(record.value());
        } catch (MessageFormatException e) {
            undecodableAlerts.incrementAndGet();
            LOG.warn(
                    "{}[{}]@{} is not an Alert, skipped: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
        Path file = null;
        boolean again = false;
        if (alert != null) {
            listener.alert(alert);
            ClipRequest request = ClipRequest.of(alert, settings.pre(), settings.post(), settings.maxLength());
            file = settings.out().resolve(request.path());
            Path sidecar = Sidecar.of(file);
            again = Files.exists(sidecar);
            ready = again ? Sidecar.read(sidecar) : cut(request, file, stopping);
            if (ready == null) {
                return; // stopping mid-clip: the next start cuts it
            }
        }
        producer.beginTransaction();
        try {
            if (ready != null) {
                producer.send(new ProducerRecord<>(
                        settings.topics().clips(),
                        ready.getCameraId().getBytes(StandardCharsets.UTF_8),
                        CLIPS.encode(ready)));
            }
            producer.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)),
                    alerts.groupMetadata());
            producer.commitTransaction();
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
        if (ready != null) {
            (again ? reused : ready.getFrames() == 0 ? empty : written).incrementAndGet();
            listener.clip(ready, file, again);
        }
    }

    /** Missing topics would only show as a producer timeout a minute later: say which, now. */
    private void checkTopics() {
        java.util.Set<String> existing =
                reader.listTopics(Duration.ofSeconds(60)).keySet();
        ClipSettings.Topics t = settings.topics();
        for (String[] topic : new String[][] {
            {t.alerts(), "--alerts-topic"}, {t.frames(), "--frames-topic"}, {t.clips(), "--clips-topic"}
        }) {
            if (!existing.contains(topic[0])) {
                throw new IllegalArgumentException(
                        topic[1] + ": expected a topic on " + settings.bootstrap() + ", found no topic " + topic[0]
                                + " (create it as docs/operations.md, \"Kafka topics\", shows)");
            }
        }
    }

    /** @return the clip's record, its MP4 and sidecar written; null when stopped before its end */
    private ClipReady cut(ClipRequest request, Path file, AtomicBoolean stopping) throws IOException {
        Alert alert = request.alert();
        String topic = settings.topics().frames();
        CameraRange.Found<VideoFrame> found =
                frames.read(alert.getCameraId(), request.from(), request.to(), settings.grace(), MAX_FRAMES, stopping);
        if (stopping.get()) {
            return null;
        }
        List<DetectionEvent> boxes = List.of();
        if (request.tracked() && !found.records().isEmpty()) {
            // from the keyframe before the clip's first frame: its boxes are drawn until the next one
            boxes = detections
                    .read(
                            alert.getCameraId(),
                            request.from().minus(KEYFRAME_LOOKBACK),
                            request.to(),
                            settings.grace(),
                            MAX_FRAMES,
                            stopping)
                    .records();
            if (stopping.get()) {
                return null;
            }
        }
        List<VideoFrame> clip = found.records();
        ClipReady.Builder ready = ClipReady.newBuilder()
                .setAlertId(alert.getAlertId())
                .setCameraId(alert.getCameraId())
                .setRule(alert.getRule())
                .setStartTime(request.from())
                .setEndTime(request.to())
                .setFrames(0)
                .setFps(0f)
                .setCodec("")
                .setBytes(0)
                .setUri(null);
        List<String> reasons = new ArrayList<>();
        long firstSeq = -1;
        long lastSeq = -1;
        if (clip.isEmpty()) {
            String none = "no frames of camera " + alert.getCameraId() + " between " + request.from() + " and "
                    + request.to() + " in " + topic;
            String retention = " (its retention bounds how old a clip can be)";
            if (!found.retentionCut()) {
                reasons.add(none);
            } else if (found.seen()) {
                reasons.add("the camera's frames from " + request.from() + " are gone from " + topic + retention);
            } else {
                reasons.add(none + ": its records from then are gone" + retention);
            }
        } else {
            ClipWriter.Written w;
            try {
                w = ClipWriter.write(file, alert, clip, boxes);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("could not write " + file + ": " + e.getMessage(), e);
            }
            Instant first = clip.get(0).getCaptureTime();
            Instant last = clip.get(clip.size() - 1).getCaptureTime();
            if (first.isAfter(request.from().plus(Duration.ofSeconds(1)))) {
                reasons.add(
                        found.retentionCut()
                                ? "frames before " + first + " are gone from " + topic + " (retention)"
                                : "the camera sent no frames between " + request.from() + " and " + first);
            }
            if (last.isBefore(request.to().minus(Duration.ofSeconds(1)))) {
                reasons.add("the camera sent no frames between " + last + " and " + request.to());
            }
            if (w.undecodable() > 0) {
                reasons.add(w.undecodable() + " frames did not decode");
            }
            if (clip.size() == MAX_FRAMES) {
                reasons.add("cut at " + MAX_FRAMES + " frames");
            }
            if (w.frames() > 0) {
                ready.setStartTime(first)
                        .setEndTime(last)
                        .setFrames(w.frames())
                        .setFps(w.fps())
                        .setCodec(w.codec())
                        .setBytes(w.bytes())
                        .setUri(settings.uri(request.path()));
                firstSeq = clip.get(0).getSeq();
                lastSeq = clip.get(clip.size() - 1).getSeq();
            }
        }
        ready.setReason(reasons.isEmpty() ? null : String.join("; ", reasons));
        ClipReady record = ready.build();
        Sidecar.write(Sidecar.of(file), alert, record, firstSeq, lastSeq);
        return record;
    }

    /** @return clips written, published from an existing sidecar, reported empty; alerts that were not Alerts */
    public long[] counts() {
        return new long[] {written.get(), reused.get(), empty.get(), undecodableAlerts.get()};
    }

    @Override
    public void close() {
        try (alerts;
                reader;
                producer) {
            // closes all three
        }
    }
}
