package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.Label;
import dev.tubelet.schema.ModelRef;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.Timings;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.testkit.EmbeddedKafkaExtension;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class TailCommandITCase {
    static {
        TrustedPackages.register();
    }

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void eventsPrintAsReadableLinesOrJson() throws Exception {
        {
            KAFKA.createTopics(List.of("tail.actions"), 1);
            ActionEvent event = ActionEvent.newBuilder()
                    .setEventId("cam-7:0-60:s4:abc")
                    .setCameraId("cam-7")
                    .setWindowStart(Instant.ofEpochSecond(1_700_000_000))
                    .setWindowEnd(Instant.ofEpochSecond(1_700_000_002))
                    .setKeyframeTime(Instant.ofEpochSecond(1_700_000_001))
                    .setKeyframeSeq(32)
                    .setSampledSeqs(List.of(0L, 4L, 60L))
                    .setStride(4)
                    .setTop(List.of(Label.newBuilder()
                            .setIndex(3)
                            .setLabel("running")
                            .setScore(0.87f)
                            .build()))
                    .setModel(ModelRef.newBuilder()
                            .setName("m")
                            .setSha256("abc")
                            .setProvider("CPU")
                            .build())
                    .setTimings(Timings.newBuilder()
                            .setCaptureToEmitMs(412)
                            .setInferenceMs(90)
                            .setBatchSize(2)
                            .build())
                    .setProducedAt(Instant.ofEpochSecond(1_700_000_003))
                    .build();
            Properties props = new Properties();
            props.put("bootstrap.servers", KAFKA.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                        "tail.actions", SingleObjectSerde.of(ActionEvent.class).encode(event)));
                producer.send(new ProducerRecord<>("tail.actions", "garbage".getBytes()));
            }
            CliRun readable = CliRun.of(
                    "tail",
                    "--topic",
                    "tail.actions",
                    "--bootstrap",
                    KAFKA.bootstrapServers(),
                    "--from-beginning",
                    "--max",
                    "2",
                    "--timeout-s",
                    "30");
            assertThat(readable.exitCode()).as(readable.err()).isZero();
            List<String> lines = readable.out().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0))
                    .contains("cam-7")
                    .contains("seq 0-60")
                    .contains("running 87.0%")
                    .contains("412 ms");
            assertThat(lines.get(1)).contains("not a Tubelet message");

            CliRun json = CliRun.of(
                    "tail",
                    "--topic",
                    "tail.actions",
                    "--bootstrap",
                    KAFKA.bootstrapServers(),
                    "--from-beginning",
                    "--max",
                    "1",
                    "--json",
                    "--timeout-s",
                    "30");
            var node =
                    new ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow());
            assertThat(node.get("event_id").asText()).isEqualTo("cam-7:0-60:s4:abc");
            assertThat(node.get("top").get(0).get("label").asText()).isEqualTo("running");
        }
    }
}
