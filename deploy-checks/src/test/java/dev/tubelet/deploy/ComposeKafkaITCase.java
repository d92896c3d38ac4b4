package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tubelet.cli.TubeletCli;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker compose's Kafka, without Docker: the secrets service's own command ({@code tubelet
 * kafka-secrets}, read from docker-compose.yml) makes the material and formats the storage; the
 * kafka service's environment becomes the broker's configuration the way the apache/kafka image
 * turns it into one (KAFKA_A_B__C___D → a.b_c-d; the SSL_*_FILENAME/_CREDENTIALS files of
 * /etc/kafka/secrets; the JAAS file of KAFKA_OPTS); then Kafka 4.2's broker starts on them. The
 * stack's clients and the host's clients get in with the files made for them, a plaintext client does
 * not. Only hosts and ports are mapped (kafka → localhost, fixed ports → free ones, volumes → temp dirs).
 */
@Timeout(240)
class ComposeKafkaITCase {
    private static final Set<String> NOT_PROPERTIES = Set.of(
            "KAFKA_VERSION",
            "KAFKA_HEAP_OPT",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL",
            "KAFKA_LOG4J_LOGGERS",
            "KAFKA_TOOLS_LOG4J_LOGLEVEL");

    @TempDir
    Path tmp;

    @Test
    void theComposeBrokerSpeaksTlsAndScramToTheFilesItsSecretsServiceMade() throws Exception {
        JsonNode services = RepositoryFiles.documents(RepositoryFiles.file("docker-compose.yml"))
                .get(0)
                .path("services");
        JsonNode kafkaEnv = services.path("kafka").path("environment");
        Path secrets = tmp.resolve("secrets");
        Path data = tmp.resolve("data");
        String clusterId = kafkaEnv.path("CLUSTER_ID").asText();
        assertThat(services.path("secrets")
                        .path("environment")
                        .path("CLUSTER_ID")
                        .asText())
                .isEqualTo(clusterId);

        // the secrets service's tubelet command, with its volumes mapped
        String script = services.path("secrets").path("command").get(0).asText();
        Matcher line = Pattern.compile("tubelet (kafka-secrets[^\\n]*)").matcher(script);
        assertThat(line.find())
                .as("tubelet kafka-secrets in the secrets service")
                .isTrue();
        List<String> args = new ArrayList<>();
        for (String word : line.group(1).split("\\s+")) {
            args.add(word.replace("\"", "")
                    .replace("$${CLUSTER_ID}", clusterId)
                    .replace("/var/lib/kafka/data", data.toString())
                    .replace("/secrets", secrets.toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TubeletCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("formatted with the SCRAM users");

        // the image: advertised SSL:// listeners make it read the keystore and its passwords from files
        int[] ports = {freePort(), freePort(), freePort()};
        Properties broker = new Properties();
        for (Iterator<Map.Entry<String, JsonNode>> it = kafkaEnv.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("KAFKA_") && !NOT_PROPERTIES.contains(e.getKey())) {
                broker.put(
                        propertyName(e.getKey()), mapHostsAndPorts(e.getValue().asText(), ports));
            }
        }
        assertThat(broker.getProperty("advertised.listeners")).contains("SSL://");
        Path etcSecrets = secrets; // /etc/kafka/secrets is the kafka-secrets volume
        broker.put(
                "ssl.keystore.location",
                etcSecrets.resolve(env(kafkaEnv, "KAFKA_SSL_KEYSTORE_FILENAME")).toString());
        broker.put(
                "ssl.keystore.password",
                Files.readString(etcSecrets.resolve(env(kafkaEnv, "KAFKA_SSL_KEYSTORE_CREDENTIALS"))));
        broker.put(
                "ssl.key.password", Files.readString(etcSecrets.resolve(env(kafkaEnv, "KAFKA_SSL_KEY_CREDENTIALS"))));
        broker.put(
                "ssl.truststore.location",
                broker.getProperty("ssl.truststore.location").replace("/etc/kafka/secrets", secrets.toString()));
        broker.put("log.dirs", data.toString());
        broker.put("offsets.topic.replication.factor", "1");
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        Matcher jaas =
                Pattern.compile("-Djava.security.auth.login.config=(\\S+)").matcher(env(kafkaEnv, "KAFKA_OPTS"));
        assertThat(jaas.find()).isTrue();
        System.setProperty(
                "java.security.auth.login.config", jaas.group(1).replace("/etc/kafka/secrets", secrets.toString()));

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(broker, false), Time.SYSTEM);
        server.startup();
        try {
            Properties stack = clientFile(secrets.resolve("client.properties"), ports, secrets);
            try (Admin admin = Admin.create(stack)) {
                admin.createTopics(List.of(new NewTopic("tubelet.frames", 1, (short) 1)))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            }
            roundTrip(stack, "from the stack");
            roundTrip(clientFile(secrets.resolve("host-client.properties"), ports, secrets), "from the host");
            Properties librdkafka = load(secrets.resolve("host-librdkafka.properties"));
            assertThat(librdkafka.getProperty("bootstrap.servers")).isEqualTo("localhost:29092");
            assertThat(librdkafka.getProperty("ssl.ca.location")).isEqualTo("ca.pem");
            // what librdkafka.properties asks for (PLAIN inside TLS), spoken by a Java client
            Properties plain = clientFile(secrets.resolve("host-client.properties"), ports, secrets);
            plain.put("sasl.mechanism", librdkafka.getProperty("sasl.mechanisms"));
            plain.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + librdkafka.getProperty("sasl.username") + "\" password=\""
                            + librdkafka.getProperty("sasl.password") + "\";");
            roundTrip(plain, "as librdkafka would");

            Properties plaintext = new Properties();
            plaintext.put("bootstrap.servers", "localhost:" + ports[0]);
            plaintext.put("request.timeout.ms", "3000");
            plaintext.put("default.api.timeout.ms", "5000");
            assertThatThrownBy(() -> {
                        try (Admin admin = Admin.create(plaintext)) {
                            admin.describeCluster().nodes().get(8, TimeUnit.SECONDS);
                        }
                    })
                    .isInstanceOf(Exception.class);
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /** The image's rule: KAFKA_ dropped, lower case, ___ → -, __ → _, _ → . */
    static String propertyName(String env) {
        return env.substring("KAFKA_".length())
                .toLowerCase(Locale.ROOT)
                .replace("___", "-")
                .replace("__", "\u0000")
                .replace('_', '.')
                .replace('\u0000', '_');
    }

    /** kafka:9092 → localhost:free, :29092 → free, :9093 → free. */
    private static String mapHostsAndPorts(String value, int[] ports) {
        return value.replace("kafka:", "localhost:")
                .replace("//:", "//localhost:")
                .replace(":29092", ":" + ports[1])
                .replace(":9092", ":" + ports[0])
                .replace(":9093", ":" + ports[2]);
    }

    private static Properties clientFile(Path file, int[] ports, Path secrets) throws Exception {
        Properties p = load(file);
        p.put("bootstrap.servers", mapHostsAndPorts(p.getProperty("bootstrap.servers"), ports));
        String ca = p.getProperty("ssl.truststore.location");
        p.put(
                "ssl.truststore.location",
                ca.equals("ca.pem")
                        ? secrets.resolve("ca.pem").toString()
                        : ca.replace("/etc/tubelet/kafka", secrets.toString()));
        return p;
    }

    private static void roundTrip(Properties client, String value) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("tubelet.frames", "cam", value)).get(30, TimeUnit.SECONDS);
        }
        Properties c = new Properties();
        c.putAll(client);
        c.put("group.id", "compose-" + System.nanoTime());
        c.put("auto.offset.reset", "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("tubelet.frames"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.contains(value) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
            }
        }
        assertThat(seen).contains(value);
    }

    private static String env(JsonNode env, String name) {
        assertThat(env.has(name))
                .as("%s in the kafka service's environment", name)
                .isTrue();
        return env.path(name).asText();
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
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
