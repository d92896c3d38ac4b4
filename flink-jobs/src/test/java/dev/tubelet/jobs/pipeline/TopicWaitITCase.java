package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job waits for topics that an operator creates after it starts, and says which never came. */
@Timeout(120)
class TopicWaitITCase {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void theJobGoesOnOnceItsTopicsAppear() throws Exception {
        List<String> topics = List.of("late.frames", "late.actions");
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                TopicWait.untilTheyExist(
                        KAFKA.bootstrapServers(), KafkaClientConfig.none(), topics, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3000);
        assertThat(waited).as("still waiting while the topics are missing").isNotDone();
        KAFKA.createTopics(topics, 1);
        waited.get(30, TimeUnit.SECONDS);
    }

    @Test
    void topicsThatNeverAppearStopTheJobNamingThem() throws Exception {
        KAFKA.createTopics(List.of("here.frames"), 1);
        assertThatThrownBy(() -> TopicWait.untilTheyExist(
                        KAFKA.bootstrapServers(),
                        KafkaClientConfig.none(),
                        List.of("here.frames", "gone.actions"),
                        Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "topics [gone.actions] do not exist at " + KAFKA.bootstrapServers() + " after 3 s");
    }
}
