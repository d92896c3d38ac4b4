package dev.tubelet.testkit;

import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (the embedded single-node KRaft broker, on a free loopback port) for the
 * tests of one class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 *
 * @Test
 * void framesArrive() {
 *     KAFKA.createTopics(List.of("t"), 1);
 *     try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) { … }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start(0, null);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** @return the broker's bootstrap servers (localhost:port) */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * @param topics topics to create where missing
     * @param partitions partitions of each
     */
    public void createTopics(List<String> topics, int partitions) throws Exception {
        broker().createTopics(topics, partitions);
    }

    /** @return the running broker */
    public EmbeddedKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "the broker runs between beforeAll and afterAll: register the extension as a static field");
        }
        return kafka;
    }
}
