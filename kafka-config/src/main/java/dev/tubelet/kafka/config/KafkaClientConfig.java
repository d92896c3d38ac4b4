package dev.tubelet.kafka.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Standard Kafka client properties that every Tubelet client takes from {@code --kafka-config FILE}:
 * {@code security.protocol}, {@code ssl.*}, {@code sasl.*}, timeouts, and the config providers that
 * keep secrets out of the file ({@code ${file:/etc/kafka/secret.properties:password}},
 * {@code ${env:KAFKA_PASSWORD}}). Values are kept as written: placeholders are resolved by the
 * Kafka client that uses them, where it runs (a TaskManager reads its own mounted secret), so a
 * secret never travels in a job graph or a command line when a provider holds it.
 *
 * <pre>{@code
 * security.protocol=SASL_SSL
 * sasl.mechanism=SCRAM-SHA-512
 * config.providers=file
 * config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
 * sasl.jaas.config=${file:/etc/tubelet/kafka.secret:sasl.jaas.config}
 * ssl.truststore.type=PEM
 * ssl.truststore.location=/etc/tubelet/ca.pem
 * }</pre>
 *
 * <p>Keys are checked once, against the producer's, consumer's and admin client's own definitions,
 * so a typo stops with one line instead of being ignored; keys that Tubelet sets itself (group,
 * transactional id, serializers, isolation level) are refused with the option that sets them. What
 * is printed ({@link #toString}, {@link #redacted}) never holds a secret: Kafka's password-typed
 * values and config providers' parameters are hidden.
 */
public final class KafkaClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The option every command spells the file with. */
    public static final String OPTION = "--kafka-config";

    /** What a hidden value prints as. */
    public static final String HIDDEN = "[hidden]";

    private static final String BOOTSTRAP = "bootstrap.servers";
    private static final Map<String, String> OWNED = owned();
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z0-9_+.-]+://)?[^@/]*@");

    private final String source;
    private final TreeMap<String, String> properties;

    private KafkaClientConfig(String source, Map<String, String> properties) {
        this.source = source;
        this.properties = new TreeMap<>(properties);
    }

    /** @return no settings: plaintext, no authentication (Kafka's defaults) */
    public static KafkaClientConfig none() {
        return new KafkaClientConfig("", Map.of());
    }

    /**
     * @param file a Java properties file of Kafka client settings
     * @return its settings, checked
     * @throws IllegalArgumentException (one line) when it cannot be read or holds a key that is no
     *     Kafka client setting or one that Tubelet sets itself
     */
    public static KafkaClientConfig load(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    OPTION + " " + file + ": expected a readable properties file of Kafka client settings, found "
                            + (Files.exists(file) ? "one that cannot be read (" + e.getMessage() + ")" : "none"),
                    e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key.strip(), props.getProperty(key).strip());
        }
        return of(OPTION + " " + file, values);
    }

    /**
     * @param source where the settings come from, for messages ({@code --kafka-config /etc/k.properties})
     * @param values Kafka client settings by key
     * @return them, checked
     * @throws IllegalArgumentException naming the first bad key
     */
    public static KafkaClientConfig of(String source, Map<String, String> values) {
        for (String key : new TreeSet<>(values.keySet())) {
            String owner = OWNED.get(key);
            if (owner != null) {
                throw new IllegalArgumentException(source + ": '" + key + "' is Tubelet's to set (" + owner
                        + "); expected client settings such as security.protocol, ssl.*, sasl.*");
            }
            if (!isClientSetting(key)) {
                throw new IllegalArgumentException(source + ": unknown Kafka client setting '" + key
                        + "'; expected a producer, consumer or admin client setting (security.protocol, ssl.*, "
                        + "sasl.*, config.providers, …)");
            }
        }
        return new KafkaClientConfig(source, values);
    }

    private static boolean isClientSetting(String key) {
        return ProducerConfig.configNames().contains(key)
                || ConsumerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key)
                || key.equals("config.providers")
                || key.startsWith("config.providers.");
    }

    /** @return whether there are no settings */
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** @return the file's {@code bootstrap.servers}, if it names them */
    public Optional<String> bootstrap() {
        return Optional.ofNullable(properties.get(BOOTSTRAP)).filter(s -> !s.isBlank());
    }

    /**
     * @param given the bootstrap servers a command was given, or null
     * @return them, or the file's
     * @throws IllegalArgumentException when neither names any
     */
    public String bootstrapOr(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return bootstrap()
                .orElseThrow(() -> new IllegalArgumentException(
                        "--bootstrap: expected the Kafka bootstrap servers (host:port), found none"
                                + (source.isEmpty() ? "" : " (nor bootstrap.servers in " + source + ")")));
    }

    /** @return the settings as written (placeholders unresolved), without {@code bootstrap.servers} */
    public Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>(properties);
        out.remove(BOOTSTRAP);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Puts the settings into a client's properties; they win over what the caller set before
     * (its defaults), except the bootstrap servers, which the caller chose.
     *
     * @param target a client's properties
     * @return target
     */
    public Properties applyTo(Properties target) {
        target.putAll(settings());
        return target;
    }

    /** @return {@code security.protocol} as set, or PLAINTEXT */
    public String securityProtocol() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT");
    }

    /** @return the settings with every secret hidden: safe for logs, {@code --dry-run} and errors */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((k, v) -> out.put(k, isSecret(k) ? HIDDEN : k.equals(BOOTSTRAP) ? redactBootstrap(v) : v));
        return out;
    }

    /**
     * @param key a Kafka client setting
     * @return whether its value is secret: Kafka types it as a password (sasl.jaas.config,
     *     ssl.*.password, ssl.keystore.key, …), or it is a config provider's parameter
     */
    public static boolean isSecret(String key) {
        if (key.startsWith("config.providers.") && key.contains(".param.")) {
            return true;
        }
        for (ConfigDef def :
                new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()
                }) {
            ConfigDef.ConfigKey k = def.configKeys().get(key);
            if (k != null && k.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param bootstrap bootstrap servers as given
     * @return them with any user information ({@code user:password@}) hidden, for logs and messages
     */
    public static String redactBootstrap(String bootstrap) {
        if (bootstrap == null || bootstrap.indexOf('@') < 0) {
            return bootstrap;
        }
        StringBuilder out = new StringBuilder();
        for (String entry : bootstrap.split(",", -1)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(USER_INFO.matcher(entry.strip()).replaceFirst("$1" + HIDDEN + "@"));
        }
        return out.toString();
    }

    /** @return a one-line description without secrets: the protocol, the SASL mechanism, the file */
    @Override
    public String toString() {
        if (properties.isEmpty()) {
            return "PLAINTEXT (no --kafka-config)";
        }
        StringBuilder s = new StringBuilder(securityProtocol());
        String mechanism = properties.get("sasl.mechanism");
        if (mechanism != null && securityProtocol().startsWith("SASL")) {
            s.append(' ').append(mechanism);
        }
        return s.append(" (").append(source).append(')').toString();
    }

    /** Keys Tubelet sets itself, with what sets them. */
    private static Map<String, String> owned() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : Set.of("key.serializer", "value.serializer", "key.deserializer", "value.deserializer")) {
            m.put(k, "records are Avro single-object bytes");
        }
        m.put("group.id", "--group-id");
        m.put("transactional.id", "the job's transactional id prefix, from --group-id");
        m.put("isolation.level", "Tubelet reads read_committed");
        m.put("enable.auto.commit", "offsets are committed with checkpoints");
        m.put("auto.offset.reset", "--starting-offsets");
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientConfig other && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }
}
