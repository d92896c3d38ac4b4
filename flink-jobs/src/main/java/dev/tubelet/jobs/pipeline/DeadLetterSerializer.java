package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Rejected records as {@code DeadLetter}s, keyed by camera id when known. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetterRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectSerde<DeadLetter> serde;

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetterRecord record, KafkaSinkContext context, Long timestamp) {
        if (serde == null) {
            TrustedPackages.register();
            serde = SingleObjectSerde.of(DeadLetter.class);
        }
        byte[] key = record.cameraId == null ? null : record.cameraId.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, serde.encode(record.toAvro()));
    }
}
