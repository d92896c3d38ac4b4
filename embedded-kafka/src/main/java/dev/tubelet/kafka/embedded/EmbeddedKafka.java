package dev.tubelet.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running in this JVM, for the local
 * stack, the demo and the tests: formatted with Kafka's own storage tool and started as Kafka's own
 * {@code KafkaRaftServer}, on a port of your choice (or a free one) on localhost.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
 *     kafka.createTopics(List.of("tubelet.frames"), 4);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** What the client listener asks of clients. */
    public enum Security {
        /** PLAINTEXT on loopback, no authentication: the default for a local stack and the tests */
        NONE,
        /**
         * TLS with a CA and certificate made for the data directory, and SASL/SCRAM-SHA-512 with a user
         * made for it; no PLAINTEXT listener
         */
        SASL_SSL
    }

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final BrokerSecurity security;

    private EmbeddedKafka(
            KafkaRaftServer server, String bootstrap, Path dataDir, boolean deleteOnClose, BrokerSecurity security) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.security = security;
    }

    /**
     * @param port the broker port on localhost, or 0 for a free one
     * @param dataDir where the logs live (kept, and reused on the next start), or null for a temporary directory
     * @return the running broker, ready for clients
     * @throws IOException when the port is taken or the directory cannot be used
     */
    public static EmbeddedKafka start(int port, Path dataDir) throws Exception {
        return start(port, dataDir, Security.NONE);
    }

    /**
     * @param port the broker port on localhost, or 0 for a free one
     * @param dataDir where the logs live (kept, and reused on the next start), or null for a temporary directory
     * @param security what the client listener asks of clients; a data directory keeps the security it
     *     was made with
     * @return the running broker, ready for clients
     * @throws IOException when the port is taken, the directory cannot be used or was made with other security
     */
    public static EmbeddedKafka start(int port, Path dataDir, Security security) throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("tubelet-kafka") : Files.createDirectories(dataDir);
        int brokerPort = port > 0 ? port : freePort();
        // A data directory that was used before keeps its cluster id and its controller's port: KRaft
        // recorded both (meta.properties, the voter set), and a broker that restarts on its own data
        // must present the same.
        Properties previous = readProperties(dir.resolve("server.properties"));
        int controllerPort = previousControllerPort(previous).orElse(freePort());
        String clusterId = readProperties(dir.resolve("logs").resolve("meta.properties"))
                .getProperty("cluster.id", Uuid.randomUuid().toString());
        try (ServerSocket probe = new ServerSocket(controllerPort)) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException(
                    "the controller port " + controllerPort + " that " + dir
                            + " was formatted with is in use; free it, or use another --data-dir",
                    e);
        }
        try (ServerSocket probe = new ServerSocket(brokerPort)) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("port " + brokerPort + " is in use; choose another with --port", e);
        }
        boolean formatted = Files.isRegularFile(dir.resolve("logs").resolve("meta.properties"));
        if (formatted && BrokerSecurity.isSecured(dir) != (security == Security.SASL_SSL)) {
            throw new IOException(dir + " was made " + (BrokerSecurity.isSecured(dir) ? "with" : "without")
                    + " --security sasl-ssl: expected the same security as when it was made, found "
                    + security.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " (use another --data-dir for another)");
        }
        BrokerSecurity tls = security == Security.SASL_SSL ? BrokerSecurity.in(dir) : null;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.listener.names", "CONTROLLER");
        if (tls == null) {
            props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            tls.configureBroker(props, brokerPort, controllerPort);
        }
        props.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        props.put("log.dirs", dir.resolve("logs").toString());
        // one broker: internal topics get one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        // frames can be large: accept 8 MB messages
        props.put("message.max.bytes", Integer.toString(8 << 20));
        props.put("replica.fetch.max.bytes", Integer.toString(8 << 20));
        Path config = dir.resolve("server.properties");
        // it holds the keystore and SCRAM passwords when secured: its owner only
        BrokerSecurity.writeOwnerOnly(config, props, "tubelet embedded Kafka");
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        List<String> format = new ArrayList<>(
                List.of("format", "--standalone", "--ignore-formatted", "-t", clusterId, "-c", config.toString()));
        if (tls != null) {
            format.addAll(List.of(tls.scramUsers()));
        }
        int formatResult = StorageTool.execute(
                format.toArray(String[]::new), new PrintStream(formatLog, true, StandardCharsets.UTF_8));
        if (formatResult != 0) {
            throw new IOException("formatting Kafka storage in " + dir + " failed: "
                    + formatLog.toString(StandardCharsets.UTF_8).strip());
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + brokerPort;
        if (tls != null) {
            tls.writeClientFiles(bootstrap);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, dir, temporary, tls);
        try {
            kafka.awaitReady();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (var in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }

    private static java.util.OptionalInt previousControllerPort(Properties previous) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CONTROLLER://[^:,]+:(\\d+)")
                .matcher(previous.getProperty("listeners", ""));
        return m.find() ? java.util.OptionalInt.of(Integer.parseInt(m.group(1))) : java.util.OptionalInt.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin(bootstrap, clientSettings())) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new IOException("the embedded Kafka did not become ready on " + bootstrap, last);
    }

    private static Admin admin(String bootstrap, Map<String, String> settings) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.putAll(settings);
        return Admin.create(props);
    }

    /** @return the bootstrap servers of the broker (localhost:port) */
    public String bootstrapServers() {
        return bootstrap;
    }

    /**
     * @return the Kafka client settings a client of this broker needs besides bootstrap.servers:
     *     none for a plaintext broker; TLS (trusting this broker's CA) and SCRAM with the user for a
     *     secured one. They hold the user's password: pass them in memory or in the owner-only
     *     {@link #clientConfigFile()}, never print them.
     */
    public Map<String, String> clientSettings() {
        return security == null ? Map.of() : security.clientSettings();
    }

    /** @return the secured broker's files (client.properties, librdkafka.properties, ca.pem), or null */
    public Path securityDir() {
        return security == null ? null : security.dir();
    }

    /** @return the Java clients' settings file of a secured broker, with bootstrap.servers, or null */
    public Path clientConfigFile() {
        return security == null ? null : security.dir().resolve("client.properties");
    }

    /**
     * Creates topics that do not exist yet.
     *
     * @param topics names
     * @param partitions partitions of each
     */
    public void createTopics(List<String> topics, int partitions) throws ExecutionException, InterruptedException {
        createTopics(bootstrap, clientSettings(), topics, partitions, Map.of());
    }

    /**
     * Creates topics that do not exist yet on this broker, some with configuration of their own.
     *
     * @param topics names
     * @param partitions partitions of each
     * @param configs topic configuration by name (retention, segments), for those that need it
     */
    public void createTopics(List<String> topics, int partitions, Map<String, Map<String, String>> configs)
            throws ExecutionException, InterruptedException {
        createTopics(bootstrap, clientSettings(), topics, partitions, configs);
    }

    /**
     * Creates topics that do not exist yet, on any Kafka.
     *
     * @param bootstrap bootstrap servers
     * @param settings Kafka client settings (security) the admin client needs
     * @param topics names
     * @param partitions partitions of each
     * @param configs topic configuration by name (retention, segments), for those that need it; a topic
     *     that exists already is left as it is
     */
    public static void createTopics(
            String bootstrap,
            Map<String, String> settings,
            List<String> topics,
            int partitions,
            Map<String, Map<String, String>> configs)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(bootstrap, settings)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> wanted = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    Map<String, String> config = new HashMap<>(configs.getOrDefault(topic, Map.of()));
                    config.put("max.message.bytes", Integer.toString(8 << 20));
                    wanted.add(new NewTopic(topic, partitions, (short) 1).configs(config));
                }
            }
            try {
                admin.createTopics(wanted).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
