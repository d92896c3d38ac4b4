package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.DeadLetterReason;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Events to Kafka records: single-object Avro, keyed by camera, stamped now (Kafka 4 refuses far-future timestamps). */
class SingleObjectKafkaSerializerTest {
    static {
        TrustedPackages.register();
    }

    private static final SingleObjectKafkaSerializer<DeadLetterRecord, DeadLetter> SERIALIZER =
            new SingleObjectKafkaSerializer<>(
                    "tubelet.dead-letters", DeadLetter.class, d -> d.cameraId, DeadLetterRecord::toAvro);

    private static DeadLetterRecord deadLetter(String camera) {
        return DeadLetterRecord.of(
                "tubelet.frames",
                1,
                9,
                DeadLetterReason.CORRUPT_IMAGE,
                "truncated JPEG",
                new byte[] {1, 2, 3},
                64,
                camera);
    }

    @Test
    void aRecordIsKeyedByCameraStampedNowAndDecodesWithTheSchemaAlone() throws Exception {
        // shipped to the TaskManagers: it must survive Java serialization
        SingleObjectKafkaSerializer<DeadLetterRecord, DeadLetter> shipped = InstantiationUtil.clone(SERIALIZER);
        long before = System.currentTimeMillis();
        ProducerRecord<byte[], byte[]> record = shipped.serialize(deadLetter("lobby"), null, Long.MAX_VALUE);
        assertThat(record.topic()).isEqualTo("tubelet.dead-letters");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("lobby");
        assertThat(record.timestamp()).isBetween(before, System.currentTimeMillis());
        DeadLetter decoded = SingleObjectSerde.of(DeadLetter.class).decode(record.value());
        assertThat(decoded.getReason()).isEqualTo(DeadLetterReason.CORRUPT_IMAGE);
        assertThat(decoded.getOffset()).isEqualTo(9);
        assertThat(decoded.getPayload().remaining()).isEqualTo(3);
    }

    @Test
    void aRecordWithoutACameraHasNoKey() throws Exception {
        assertThat(SERIALIZER.serialize(deadLetter(null), null, 0L).key()).isNull();
    }
}
