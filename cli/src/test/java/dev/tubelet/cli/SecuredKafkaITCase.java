package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.testkit.TestVideos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job, ingest and tail against a broker that speaks only TLS + SASL/SCRAM
 * ({@code tubelet kafka --security sasl-ssl}), each given the written client settings with
 * {@code --kafka-config}; a client with a wrong password is refused, and no output shows a secret.
 */
@Timeout(300)
class SecuredKafkaITCase {
    static {
        TrustedPackages.register();
    }

    @TempDir
    Path dir;

    @Test
    void jobIngestAndTailWorkThroughTlsAndScram() throws Exception {
        Path video = TestVideos.write(
                dir.resolve("cam.mp4"), TestVideos.Format.MP4, 15, 160, 120, 96, SecuredKafkaITCase::frame);
        Path model = TinyModels.classifier(dir.resolve("model"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), EmbeddedKafka.Security.SASL_SSL)) {
            Path clientConfig = kafka.clientConfigFile();
            String password =
                    load(kafka.securityDir().resolve("secrets.properties")).getProperty("user.password");

            // the job and ingest keep the secret out of their settings file: Kafka's file config provider
            // reads it where each client runs
            Properties settings = load(clientConfig);
            Path secret = dir.resolve("kafka-secret.properties");
            Properties jaas = new Properties();
            jaas.setProperty("sasl.jaas.config", settings.getProperty("sasl.jaas.config"));
            try (var out = Files.newOutputStream(secret)) {
                jaas.store(out, null);
            }
            settings.setProperty("config.providers", "file");
            settings.setProperty(
                    "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
            settings.setProperty("sasl.jaas.config", "${file:" + secret + ":sasl.jaas.config}");
            Path provided = dir.resolve("provided.properties");
            try (var out = Files.newOutputStream(provided)) {
                settings.store(out, null);
            }
            assertThat(Files.readString(provided)).doesNotContain(password);

            PreparedJob job = PreparedJob.prepare(JobConfigReader.read(Map.of(
                    "kafka-config",
                    provided.toString(),
                    "model",
                    model.toString(),
                    "stride",
                    "4",
                    "target-fps",
                    "0",
                    "checkpoint-interval-ms",
                    "1000",
                    "checkpoint-dir",
                    dir.resolve("checkpoints").toString())));
            assertThat(job.config().bootstrap()).isEqualTo(kafka.bootstrapServers());
            assertThat(job.describe() + job.config())
                    .contains("SASL_SSL SCRAM-SHA-512")
                    .doesNotContain(password);
            JobClient client = LocalJob.environment(job, freePort()).executeAsync("secured");
            try {
                CliRun ingest = CliRun.of(
                        "ingest",
                        "--kafka-config",
                        provided.toString(),
                        "--camera",
                        "cam-1",
                        "--source",
                        video.toString());
                assertThat(ingest.exitCode()).as(ingest.err()).isZero();
                assertThat(ingest.out()).contains("cam-1: sent 96 frames");

                CliRun tail = CliRun.of(
                        "tail",
                        "--kafka-config",
                        clientConfig.toString(),
                        "--from-beginning",
                        "--json",
                        "--max",
                        "2",
                        "--timeout-s",
                        "120");
                assertThat(tail.exitCode()).as(tail.err()).isZero();
                assertThat(tail.out().lines())
                        .hasSize(2)
                        .allSatisfy(line -> assertThat(line).contains("\"camera_id\":\"cam-1\""));
            } finally {
                LocalJob.stop(client);
            }

            Path wrong = dir.resolve("wrong.properties");
            Files.writeString(wrong, Files.readString(clientConfig).replace(password, "not-the-password"));
            CliRun refused = CliRun.of(
                    "tail", "--kafka-config", wrong.toString(), "--from-beginning", "--max", "1", "--timeout-s", "20");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("Authentication failed").doesNotContain("not-the-password");
        }
    }

    private static BufferedImage frame(int t) {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, 160, 120);
        g.setColor(Color.WHITE);
        g.fillRect((t * 3) % 140, 40, 20, 40);
        g.dispose();
        return image;
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
