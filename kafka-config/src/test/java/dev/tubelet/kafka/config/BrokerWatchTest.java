package dev.tubelet.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A broker that goes away and comes back, as the watch sees it: now, outages, time in all. */
@Timeout(180)
class BrokerWatchTest {
    @TempDir
    Path dir;

    @Test
    void anOutageIsSeenCountedAndEnds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(port, dir);
        try (BrokerWatch watch = new BrokerWatch(
                kafka.bootstrapServers(), KafkaClientConfig.none(), Duration.ofSeconds(2), "the test")) {
            Thread.sleep(1500);
            assertThat(watch.unreachableFor()).isZero();
            assertThat(watch.outages()).isZero();

            kafka.close();
            await(() -> watch.outages() == 1);
            assertThat(watch.unreachableFor()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

            kafka = EmbeddedKafka.start(port, dir);
            await(() -> watch.unreachableFor().isZero());
            assertThat(watch.outages()).isEqualTo(1);
            assertThat(watch.unreachableTotal()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            kafka.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
