package dev.tubelet.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tubelet kafka --security sasl-ssl}'s broker: TLS + SCRAM for clients with the written
 * settings, refused without them or with a wrong password, no PLAINTEXT listener, secrets readable
 * by their owner only, and the same material when it starts again on its data directory.
 */
@Timeout(180)
class SecuredEmbeddedKafkaTest {
    @TempDir
    Path dir;

    @Test
    void clientsWithTheWrittenSettingsGetInOthersAreRefused() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir, EmbeddedKafka.Security.SASL_SSL)) {
            kafka.createTopics(List.of("frames"), 1);
            Properties client = load(kafka.clientConfigFile());
            assertThat(client.getProperty("bootstrap.servers")).isEqualTo(kafka.bootstrapServers());
            assertThat(client)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            roundTrip(client, "through TLS and SCRAM");

            Properties server = load(dir.resolve("server.properties"));
            assertThat(server.getProperty("listeners")).doesNotContain("PLAINTEXT");
            assertThat(server.getProperty("listener.security.protocol.map")).doesNotContain("PLAINTEXT");

            Properties wrong = new Properties();
            wrong.putAll(client);
            wrong.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tubelet\" "
                            + "password=\"guess\";");
            assertThatThrownBy(() -> describe(wrong)).hasRootCauseInstanceOf(SaslAuthenticationException.class);

            Properties plaintext = new Properties();
            plaintext.put("bootstrap.servers", kafka.bootstrapServers());
            assertThatThrownBy(() -> describe(plaintext)).isInstanceOf(Exception.class);

            Properties noCredentials = new Properties();
            noCredentials.putAll(client);
            noCredentials.remove("sasl.jaas.config");
            assertThatThrownBy(() -> describe(noCredentials)).isInstanceOf(Exception.class);

            Properties rd = load(kafka.securityDir().resolve("librdkafka.properties"));
            assertThat(rd.stringPropertyNames())
                    .contains("sasl.username", "sasl.password", "sasl.mechanisms", "ssl.ca.location");
            // librdkafka's settings (PLAIN inside TLS, for librdkafka before 2.6.1), spoken by a Java client
            Properties plain = new Properties();
            plain.putAll(client);
            plain.put("sasl.mechanism", rd.getProperty("sasl.mechanisms"));
            plain.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + rd.getProperty("sasl.username") + "\" password=\"" + rd.getProperty("sasl.password")
                            + "\";");
            describe(plain);
            Properties plainWrong = new Properties();
            plainWrong.putAll(plain);
            plainWrong.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tubelet\" "
                            + "password=\"guess\";");
            assertThatThrownBy(() -> describe(plainWrong)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(Files.readString(kafka.securityDir().resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE");
            for (String secret :
                    List.of("client.properties", "librdkafka.properties", "secrets.properties", "broker.p12")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                                kafka.securityDir().resolve(secret))))
                        .as(secret)
                        .isEqualTo("rw-------");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.properties"))))
                    .isEqualTo("rw-------");
        }
        // started again on its directory: the same CA and user, the record still there
        String ca = Files.readString(dir.resolve("security/ca.pem"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir, EmbeddedKafka.Security.SASL_SSL)) {
            assertThat(Files.readString(kafka.securityDir().resolve("ca.pem"))).isEqualTo(ca);
            Properties client = load(kafka.clientConfigFile());
            assertThat(read(client)).contains("through TLS and SCRAM");
        }
        assertThatThrownBy(() -> EmbeddedKafka.start(0, dir, EmbeddedKafka.Security.NONE))
                .hasMessageContaining("was made with --security sasl-ssl: expected the same security");
    }

    private static void roundTrip(Properties client, String value) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("frames", "cam", value)).get(30, TimeUnit.SECONDS);
        }
        assertThat(read(client)).contains(value);
    }

    private static List<String> read(Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put("group.id", "secured-test-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("frames"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                List<String> values = new java.util.ArrayList<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
                if (!values.isEmpty()) {
                    return values;
                }
            }
            return List.of();
        }
    }

    private static void describe(Properties client) throws Exception {
        Properties props = new Properties();
        props.putAll(client);
        props.putAll(Map.of("request.timeout.ms", "3000", "default.api.timeout.ms", "5000"));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(8, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }
}
