package dev.tubelet.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cret\";";

    @Test
    void readsStandardClientSettingsAndAppliesThemOverTheCallersDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093,kafka-2:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=%s
                ssl.truststore.type=PEM
                ssl.truststore.location=/etc/tubelet/ca.pem
                request.timeout.ms=20000
                """.formatted(JAAS.replace("\"", "\\\"")));
        KafkaClientConfig cfg = KafkaClientConfig.load(file);

        assertThat(cfg.bootstrap()).contains("kafka-1:9093,kafka-2:9093");
        assertThat(cfg.bootstrapOr("other:9092")).isEqualTo("other:9092");
        assertThat(cfg.bootstrapOr(null)).isEqualTo("kafka-1:9093,kafka-2:9093");
        Properties client = new Properties();
        client.put("bootstrap.servers", "chosen:9092");
        client.put("request.timeout.ms", "5000");
        cfg.applyTo(client);
        assertThat(client)
                .containsEntry("bootstrap.servers", "chosen:9092")
                .containsEntry("request.timeout.ms", "20000")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void nothingPrintedHoldsASecret(@TempDir Path dir) throws Exception {
        KafkaClientConfig cfg = KafkaClientConfig.of(
                "--kafka-config k.properties",
                Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", JAAS,
                        "ssl.keystore.password", "s3cret",
                        "ssl.key.password", "s3cret",
                        "config.providers", "vault",
                        "config.providers.vault.class", "com.example.Vault",
                        "config.providers.vault.param.token", "s3cret",
                        "bootstrap.servers", "SASL_SSL://me:s3cret@kafka:9093"));
        assertThat(cfg.redacted().toString()).doesNotContain("s3cret").contains("[hidden]", "kafka:9093");
        assertThat(cfg.redacted()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(cfg.toString()).isEqualTo("SASL_SSL SCRAM-SHA-512 (--kafka-config k.properties)");
        assertThat(KafkaClientConfig.none().toString()).isEqualTo("PLAINTEXT (no --kafka-config)");
    }

    @Test
    void bootstrapStringsLoseTheirUserInformation() {
        assertThat(KafkaClientConfig.redactBootstrap("user:pw@host:9092,SASL_SSL://u:p@h2:9093,plain:9092"))
                .isEqualTo("[hidden]@host:9092,SASL_SSL://[hidden]@h2:9093,plain:9092");
        assertThat(KafkaClientConfig.redactBootstrap("localhost:9092")).isEqualTo("localhost:9092");
    }

    @Test
    void typosAndTubeletsOwnSettingsStopWithOneLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KafkaClientConfig.of("--kafka-config k", Map.of("sasl.jass.config", "x")))
                .hasMessage("--kafka-config k: unknown Kafka client setting 'sasl.jass.config'; expected a producer, "
                        + "consumer or admin client setting (security.protocol, ssl.*, sasl.*, config.providers, …)");
        assertThatThrownBy(() -> KafkaClientConfig.of("--kafka-config k", Map.of("group.id", "x")))
                .hasMessageStartingWith("--kafka-config k: 'group.id' is Tubelet's to set (--group-id)");
        Path missing = dir.resolve("none.properties");
        assertThatThrownBy(() -> KafkaClientConfig.load(missing))
                .hasMessage("--kafka-config " + missing
                        + ": expected a readable properties file of Kafka client settings, found none");
        assertThatThrownBy(() -> KafkaClientConfig.none().bootstrapOr(" "))
                .hasMessage("--bootstrap: expected the Kafka bootstrap servers (host:port), found none");
    }

    @Test
    void secretsAreTheValuesKafkaTypesAsPasswords() {
        assertThat(KafkaClientConfig.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.truststore.password")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.keystore.key")).isTrue();
        assertThat(KafkaClientConfig.isSecret("ssl.truststore.location")).isFalse();
        assertThat(KafkaClientConfig.isSecret("security.protocol")).isFalse();
    }
}
