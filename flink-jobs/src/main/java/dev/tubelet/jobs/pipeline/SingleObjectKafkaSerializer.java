package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.metrics.CpuTime;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes elements as Avro single-object encoded messages: key the camera id (UTF-8, or none),
 * record timestamp the time of writing (Kafka 4 rejects timestamps far in the future, which is
 * what Flink's own element timestamp can be).
 *
 * @param <T> the element type
 * @param <R> the published message type
 */
final class SingleObjectKafkaSerializer<T, R extends SpecificRecordBase> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** A serializable function, so that the sink can be shipped to the TaskManagers. */
    interface Part<T, V> extends Function<T, V>, Serializable {}

    private final String topic;
    private final Class<R> type;
    private final Part<T, String> key;
    private final Part<T, R> message;
    private transient SingleObjectSerde<R> serde;
    private transient long cpuNanos;

    SingleObjectKafkaSerializer(String topic, Class<R> type, Part<T, String> key, Part<T, R> message) {
        this.topic = topic;
        this.type = type;
        this.key = key;
        this.message = message;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        TrustedPackages.register();
        serde = SingleObjectSerde.of(type);
        context.getMetricGroup().gauge(MetricNames.CPU_NANOS_SINK, () -> cpuNanos);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        long start = CpuTime.now();
        if (serde == null) {
            TrustedPackages.register();
            serde = SingleObjectSerde.of(type);
        }
        String camera = key.apply(element);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                System.currentTimeMillis(),
                camera == null ? null : camera.getBytes(StandardCharsets.UTF_8),
                serde.encode(message.apply(element)));
        cpuNanos += CpuTime.now() - start;
        return record;
    }
}
