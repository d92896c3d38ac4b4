package dev.tubelet.cli;

import dev.tubelet.clips.ClipSettings;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet kafka}: the embedded Kafka broker on its own, with Tubelet's topics. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka (KRaft) in this process and create Tubelet's topics; Ctrl-C stops it.")
final class KafkaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Broker port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the logs live, kept between runs: started again on it, the broker finds its topics, records, "
                            + "offsets and transactions (default: a temporary directory, deleted at exit).")
    Path dataDir;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--security",
            paramLabel = "none|sasl-ssl",
            defaultValue = "none",
            description = "none: PLAINTEXT on localhost, no authentication. sasl-ssl: TLS (a CA and a broker "
                    + "certificate made into DIR/security) and SASL/SCRAM-SHA-512 (a user made for it), no PLAINTEXT "
                    + "listener; writes DIR/security/client.properties (for --kafka-config), "
                    + "DIR/security/librdkafka.properties (confluent-kafka, kcat -F) and DIR/security/ca.pem, readable "
                    + "by you only. A data directory keeps the security it was made with (default: ${DEFAULT-VALUE}).")
    String security;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka.Security mode = switch (security.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> EmbeddedKafka.Security.NONE;
            case "sasl-ssl" -> EmbeddedKafka.Security.SASL_SSL;
            default ->
                throw new IllegalArgumentException("--security: expected none or sasl-ssl, found '" + security + "'");
        };
        // the job's topics and the clips' (tubelet clips)
        List<String> topics = new ArrayList<>(JobConfig.Topics.defaults().all());
        topics.add(ClipSettings.DEFAULT_TOPICS.clips());
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir, mode)) {
            kafka.createTopics(topics, partitions, JobConfig.Topics.defaults().creationConfigs());
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine()
                    .getOut()
                    .println("Kafka is running on " + kafka.bootstrapServers() + " with topics "
                            + String.join(", ", topics) + " (Ctrl-C stops it)");
            if (kafka.securityDir() != null) {
                Path dir = kafka.securityDir();
                spec.commandLine()
                        .getOut()
                        .println(
                                "TLS + SASL only (SCRAM-SHA-512; PLAIN inside TLS for librdkafka before 2.6.1); clients: --kafka-config "
                                        + dir.resolve("client.properties")
                                        + " (Java, tubelet), " + dir.resolve("librdkafka.properties")
                                        + " (confluent-kafka, kcat -F), CA " + dir.resolve("ca.pem"));
            }
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
