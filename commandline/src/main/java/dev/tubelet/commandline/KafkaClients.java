package dev.tubelet.commandline;

import dev.tubelet.kafka.config.KafkaClientConfig;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients the command line uses, configured once. */
public final class KafkaClients {
    private KafkaClients() {}

    /**
     * @param bootstrap bootstrap servers
     * @param groupPrefix prefix of the (fresh, unique) consumer group
     * @param fromBeginning start at the oldest message, else only new ones
     * @return a consumer that sees committed messages only (transactional sinks write in transactions)
     */
    public static KafkaConsumer<byte[], byte[]> readCommitted(
            String bootstrap, String groupPrefix, boolean fromBeginning) {
        return readCommitted(bootstrap, KafkaClientConfig.none(), groupPrefix, fromBeginning);
    }

    /**
     * @param bootstrap bootstrap servers
     * @param settings client settings from {@code --kafka-config} (security, timeouts)
     * @param groupPrefix prefix of the (fresh, unique) consumer group
     * @param fromBeginning start at the oldest message, else only new ones
     * @return a consumer that sees committed messages only
     */
    public static KafkaConsumer<byte[], byte[]> readCommitted(
            String bootstrap, KafkaClientConfig settings, String groupPrefix, boolean fromBeginning) {
        Properties props = new Properties();
        props.put("group.id", groupPrefix + "-" + UUID.randomUUID());
        props.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        return committedReader(bootstrap, settings, props);
    }

    /**
     * @param bootstrap bootstrap servers
     * @return an idempotent producer (no duplicates or reordering from retries) for frames of up to 8 MB,
     *     batching several frames per partition
     */
    public static KafkaProducer<byte[], byte[]> idempotentProducer(String bootstrap) {
        return idempotentProducer(bootstrap, KafkaClientConfig.none());
    }

    /**
     * @param bootstrap bootstrap servers
     * @param settings client settings from {@code --kafka-config} (security, timeouts)
     * @return an idempotent producer, as {@link #idempotentProducer(String)}
     */
    public static KafkaProducer<byte[], byte[]> idempotentProducer(String bootstrap, KafkaClientConfig settings) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        props.put("linger.ms", "5");
        // A frame (10-15 KB at 320x240) is near Kafka's default 16 KB batch: each would get a
        // buffer of its own, allocated and zeroed, and a request batch of its own.
        props.put("batch.size", Integer.toString(256 << 10));
        props.put("compression.type", "none"); // JPEG does not compress further
        props.put("max.request.size", Integer.toString(8 << 20));
        settings.applyTo(props);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
    /**
     * @param bootstrap bootstrap servers
     * @param settings client settings from {@code --kafka-config}
     * @param groupId the consumer group, whose committed offsets say where a restart goes on
     * @return a member of that group that sees committed messages only and commits nothing by
     *     itself (its offsets go into the producer's transactions); a new group starts at the oldest
     */
    public static KafkaConsumer<byte[], byte[]> groupMember(
            String bootstrap, KafkaClientConfig settings, String groupId) {
        Properties props = new Properties();
        props.put("group.id", groupId);
        props.put("auto.offset.reset", "earliest");
        return committedReader(bootstrap, settings, props);
    }

    /**
     * @param bootstrap bootstrap servers
     * @param settings client settings from {@code --kafka-config}
     * @return a consumer with no group, for assigned partitions and offsets by time; read_committed
     */
    public static KafkaConsumer<byte[], byte[]> assignedReader(String bootstrap, KafkaClientConfig settings) {
        Properties props = new Properties();
        props.put("max.partition.fetch.bytes", Integer.toString(8 << 20));
        return committedReader(bootstrap, settings, props);
    }

    /** A consumer of committed messages that commits nothing by itself, with {@code props} and the user's settings. */
    private static KafkaConsumer<byte[], byte[]> committedReader(
            String bootstrap, KafkaClientConfig settings, Properties props) {
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        settings.applyTo(props);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param bootstrap bootstrap servers
     * @param settings client settings from {@code --kafka-config}
     * @param transactionalId the producer's transactional id: a new producer with it fences the old one
     * @return a transactional producer (call {@code initTransactions()} first)
     */
    public static KafkaProducer<byte[], byte[]> transactionalProducer(
            String bootstrap, KafkaClientConfig settings, String transactionalId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("transactional.id", transactionalId);
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        settings.applyTo(props);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
