package dev.tubelet.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topics are created with the configuration given for them; a topic that exists keeps its own. */
class EmbeddedKafkaTopicsTest {
    @TempDir
    Path dir;

    @Test
    void aTopicGetsItsOwnConfigurationWhenCreatedAndKeepsItAfterwards() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir)) {
            kafka.createTopics(
                    List.of("frames", "events"),
                    1,
                    Map.of("frames", Map.of("retention.ms", "3600000", "segment.bytes", "268435456")));
            kafka.createTopics(List.of("frames", "events"), 1, Map.of("frames", Map.of("retention.ms", "60000")));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Config frames = config(admin, "frames");
                Config events = config(admin, "events");
                assertThat(frames.get("retention.ms").value()).isEqualTo("3600000");
                assertThat(frames.get("segment.bytes").value()).isEqualTo("268435456");
                assertThat(frames.get("max.message.bytes").value()).isEqualTo(Integer.toString(8 << 20));
                assertThat(events.get("retention.ms").value()).isEqualTo("604800000");
                assertThat(events.get("max.message.bytes").value()).isEqualTo(Integer.toString(8 << 20));
            }
        }
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
