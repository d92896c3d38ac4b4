package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.events.ActionEvents;
import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scored windows as {@code ActionEvent}s: key the camera id, value Avro single-object encoded,
 * record timestamp the time of writing (Kafka 4 rejects timestamps far in the future, which is
 * what Flink's own timestamp can be).
 */
final class ActionEventSerializer implements KafkaRecordSerializationSchema<ScoredWindow> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectSerde<ActionEvent> serde;

    ActionEventSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ScoredWindow window, KafkaSinkContext context, Long timestamp) {
        if (serde == null) {
            TrustedPackages.register();
            serde = SingleObjectSerde.of(ActionEvent.class);
        }
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), window.cameraId.getBytes(StandardCharsets.UTF_8),
                serde.encode(ActionEvents.of(window)));
    }
}
