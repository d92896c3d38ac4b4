package dev.tubelet.cli;

import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.kafka.embedded.BrokerSecurity;
import dev.tubelet.kafka.embedded.ScramStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tubelet kafka-secrets}: TLS and SCRAM material for a Kafka broker that an image runs (docker
 * compose), made once into a volume and reused: what the broker needs, what the stack's clients and
 * the host's clients need, and, with {@code --format-log-dir}, the broker's storage formatted with its
 * SCRAM users.
 */
@Command(
        name = "kafka-secrets",
        mixinStandardHelpOptions = true,
        description = {
            "Make (once; reused when there) a CA, a broker certificate for --host names, SCRAM passwords and the "
                    + "client files for a Kafka broker that an image runs (docker compose's apache/kafka), into DIR:",
            "  broker.p12, keystore-password, kafka_server_jaas.conf   for the broker (/etc/kafka/secrets)",
            "  client.properties                                      for the stack's clients (--kafka-config)",
            "  host-client.properties, host-librdkafka.properties     for clients on the host (ca.pem beside them)",
            "With --format-log-dir, also format the broker's storage with its SCRAM users (KRaft creates them "
                    + "only then), unless it is formatted already."
        })
final class KafkaSecretsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Where the material goes.")
    Path dir;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            split = ",",
            defaultValue = "kafka,localhost,127.0.0.1",
            description = "Names and addresses the broker certificate is for (default: ${DEFAULT-VALUE}).")
    List<String> hosts;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            defaultValue = "kafka:9092",
            description = "How the stack's clients reach the broker (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--ca-location",
            paramLabel = "PATH",
            defaultValue = "/etc/tubelet/kafka/ca.pem",
            description = "Where the stack's clients find ca.pem, the volume's mount (default: ${DEFAULT-VALUE}).")
    String caLocation;

    @Option(
            names = "--host-bootstrap",
            paramLabel = "HOST:PORT",
            defaultValue = "localhost:29092",
            description = "How clients on the host reach the broker (default: ${DEFAULT-VALUE}).")
    String hostBootstrap;

    @Option(
            names = "--format-log-dir",
            paramLabel = "DIR",
            description = "The broker's log directory, to format with the SCRAM users when it is not yet.")
    Path logDir;

    @Option(names = "--cluster-id", paramLabel = "ID", description = "With --format-log-dir: the broker's CLUSTER_ID.")
    String clusterId;

    @Option(
            names = "--voters",
            paramLabel = "ID@HOST:PORT",
            defaultValue = "1@kafka:9093",
            description = "With --format-log-dir: the controller quorum (default: ${DEFAULT-VALUE}).")
    String voters;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (logDir != null && (clusterId == null || clusterId.isBlank())) {
            throw new IllegalArgumentException(
                    "--format-log-dir: expected --cluster-id (the broker's CLUSTER_ID) as well, found none");
        }
        var out = spec.commandLine().getOut();
        boolean existed = Files.isRegularFile(dir.resolve("secrets.properties"));
        BrokerSecurity security = BrokerSecurity.at(dir, hosts);
        Files.writeString(dir.resolve("keystore-password"), security.keystorePassword());
        Files.writeString(dir.resolve("kafka_server_jaas.conf"), security.brokerJaasFile());
        security.writeClientFiles(bootstrap, caLocation, "");
        security.writeClientFiles(hostBootstrap, "ca.pem", "host-");
        // the broker, Flink and ingest run as users of their own: the volume is theirs alone
        security.shareWithOtherUsers();
        out.println("kafka-secrets: " + (existed ? "reused" : "made") + " the CA, broker certificate (" + hosts
                + ") and SCRAM users in " + dir);
        if (logDir != null) {
            boolean formatted = ScramStorage.format(
                    logDir,
                    clusterId.strip(),
                    Integer.parseInt(voters.substring(0, voters.indexOf('@'))),
                    voters,
                    security);
            out.println(
                    "kafka-secrets: " + logDir + (formatted ? " formatted with the SCRAM users" : " was formatted"));
        }
        return 0;
    }
}
