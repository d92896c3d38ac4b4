package dev.tubelet.operators.deadletter;

import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/**
 * A rejected record on its way to the dead-letter topic: provenance, reason, message and the
 * (truncated) original bytes. A Flink POJO; {@link #toAvro()} makes the published message.
 */
public class DeadLetterRecord {
    public String topic;
    public int partition;
    public long offset;
    /** {@link DeadLetterReason} name. */
    public String reason;

    public String message;
    public byte[] payload;
    public long payloadSize;
    public String cameraId;
    public long timeMicros;

    /** For Flink. */
    public DeadLetterRecord() {}

    /**
     * @param topic source topic
     * @param partition source partition
     * @param offset source offset
     * @param reason why
     * @param message what was expected and found
     * @param value the original value (truncated to {@code maxPayload})
     * @param maxPayload most bytes of the value to keep
     * @param cameraId camera, when known
     * @return the record
     */
    public static DeadLetterRecord of(
            String topic,
            int partition,
            long offset,
            DeadLetterReason reason,
            String message,
            byte[] value,
            int maxPayload,
            String cameraId) {
        DeadLetterRecord r = new DeadLetterRecord();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.reason = reason.name();
        r.message = message;
        byte[] bytes = value == null ? new byte[0] : value;
        r.payload = bytes.length > maxPayload ? Arrays.copyOf(bytes, maxPayload) : bytes;
        r.payloadSize = bytes.length;
        r.cameraId = cameraId;
        Instant now = Instant.now();
        r.timeMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return r;
    }

    /** @return the published Avro message */
    public DeadLetter toAvro() {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setReason(DeadLetterReason.valueOf(reason))
                .setMessage(message)
                .setPayload(ByteBuffer.wrap(payload))
                .setPayloadSize(payloadSize)
                .setCameraId(cameraId)
                .setTime(Instant.ofEpochSecond(timeMicros / 1_000_000L, (timeMicros % 1_000_000L) * 1_000L))
                .build();
    }
}
