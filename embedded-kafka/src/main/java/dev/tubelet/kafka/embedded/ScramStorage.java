package dev.tubelet.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.tools.StorageTool;

/**
 * Formats a KRaft broker's log directory with its SCRAM users, for a broker that another image runs
 * (docker compose's {@code apache/kafka}): KRaft creates SCRAM credentials only when storage is
 * formatted, and an image formats without them. Run in this JVM, so the passwords are in no process's
 * command line. The broker image then finds the directory formatted (same cluster id) and starts.
 */
public final class ScramStorage {
    private ScramStorage() {}

    /**
     * @param logDir the broker's log directory; left alone when already formatted
     * @param clusterId the cluster id the broker is started with
     * @param nodeId the broker's node id
     * @param voters the controller quorum, {@code 1@kafka:9093}
     * @param security the SCRAM users' material
     * @return whether it formatted (false: it was formatted before)
     * @throws IOException when the storage tool fails, with its words
     */
    public static boolean format(Path logDir, String clusterId, int nodeId, String voters, BrokerSecurity security)
            throws IOException {
        if (Files.isRegularFile(logDir.resolve("meta.properties"))) {
            return false;
        }
        Files.createDirectories(logDir);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listeners", "SASL_SSL://:9092,CONTROLLER://:9093");
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_SSL");
        props.put("sasl.enabled.mechanisms", BrokerSecurity.MECHANISM + "," + BrokerSecurity.PLAIN);
        props.put("sasl.mechanism.inter.broker.protocol", BrokerSecurity.MECHANISM);
        props.put("log.dirs", logDir.toString());
        Path config = Files.createTempFile("tubelet-format", ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, null);
            }
            List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
            args.addAll(List.of(security.scramUsers()));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int result = StorageTool.execute(
                    args.toArray(String[]::new), new PrintStream(log, true, StandardCharsets.UTF_8));
            if (result != 0) {
                throw new IOException("formatting Kafka storage in " + logDir + " failed: "
                        + log.toString(StandardCharsets.UTF_8).strip());
            }
            return true;
        } finally {
            Files.deleteIfExists(config);
        }
    }
}
