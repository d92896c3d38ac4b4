package dev.tubelet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import dev.tubelet.testkit.EmbeddedKafkaExtension;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TestVideos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Ingest into a real (embedded) broker: a file, and an HTTP stream that drops mid-way. */
@Timeout(180)
class IngestITCase {
    static {
        TrustedPackages.register();
    }

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path dir;

    static Path video;

    @BeforeAll
    static void scene() throws Exception {
        // streamable, so that a reader can start and stop anywhere
        video = TestVideos.write(dir.resolve("scene.ts"), TestVideos.Format.MPEG_TS, 25, 640, 480, 30, t -> {
            BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(50, 90, 130));
            g.fillRect(0, 0, 640, 480);
            g.setColor(Color.YELLOW);
            g.fillOval(20 * t, 200, 60, 100);
            g.dispose();
            return image;
        });
    }

    private static List<VideoFrame> read(String topic, int expected) throws Exception {
        SingleObjectSerde<VideoFrame> serde = SingleObjectSerde.of(VideoFrame.class);
        List<VideoFrame> out = new ArrayList<>();
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            for (ConsumerRecord<byte[], byte[]> r : traffic.records(topic, expected, Duration.ofSeconds(30))) {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("cam-1");
                out.add(serde.decode(r.value()));
            }
        }
        return out;
    }

    @Test
    void aSecondRunOfACameraContinuesAboveTheFirstsSeqs() throws Exception {
        String topic = "ingest.two-runs";
        KAFKA.createTopics(List.of(topic), 1);
        IngestOptions options =
                new IngestOptions("cam-1", video.toString(), 0, 320, 85, false, false, 10, Duration.ofSeconds(1), null);
        long before = System.currentTimeMillis() * 1000;
        Ingest.run(KAFKA.bootstrapServers(), topic, List.of(options), new AtomicBoolean(), null, Duration.ofSeconds(5));
        Ingest.run(KAFKA.bootstrapServers(), topic, List.of(options), new AtomicBoolean(), null, Duration.ofSeconds(5));
        List<VideoFrame> frames = read(topic, 20);
        assertThat(frames.get(0).getSeq())
                .as("the first run starts at its start, in microseconds")
                .isGreaterThanOrEqualTo(before);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getSeq())
                    .as("seq of frame %d, across both runs", i)
                    .isGreaterThan(frames.get(i - 1).getSeq());
        }
    }

    @Test
    void framesScaledToTheModelsSizeAreWhatItsResizeWouldMake() throws Exception {
        String topic = "ingest.model-size";
        KAFKA.createTopics(List.of(topic), 1);
        // the 320x240 file to a 224 shortest edge: 298x224, Hugging Face's int(224 * 320 / 240)
        IngestOptions options = new IngestOptions(
                "cam-1",
                video.toString(),
                0,
                320,
                85,
                false,
                false,
                5,
                Duration.ofSeconds(1),
                dev.tubelet.model.config.PreprocessorConfig.videoMaeDefaults(224));
        Ingest.run(KAFKA.bootstrapServers(), topic, List.of(options), new AtomicBoolean(), null, Duration.ofSeconds(5));
        for (VideoFrame f : read(topic, 5)) {
            assertThat(f.getWidth()).isEqualTo(298);
            assertThat(f.getHeight()).isEqualTo(224);
            ByteBuffer data = f.getData();
            byte[] jpeg = new byte[data.remaining()];
            data.get(jpeg);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(decoded.getWidth()).isEqualTo(298);
            assertThat(decoded.getHeight()).isEqualTo(224);
        }
        assertThat(ScaledSize.forModel(352, 288, dev.tubelet.model.config.PreprocessorConfig.videoMaeDefaults(224)))
                .as("odd sizes too: the job's resize would make them")
                .containsExactly(273, 224);
    }

    @Test
    void aFileArrivesWholeInOrderScaledDownAndDecodable() throws Exception {
        String topic = "ingest.file";
        KAFKA.createTopics(List.of(topic), 1);
        IngestOptions options =
                new IngestOptions("cam-1", video.toString(), 0, 320, 85, false, false, 0, Duration.ofSeconds(1), null);
        List<IngestStats> stats = Ingest.run(
                KAFKA.bootstrapServers(), topic, List.of(options), new AtomicBoolean(), null, Duration.ofSeconds(5));
        assertThat(stats.get(0).frames()).isEqualTo(30);
        List<VideoFrame> frames = read(topic, 30);
        assertThat(frames).hasSize(30);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            assertThat(f.getSeq()).isEqualTo(frames.get(0).getSeq() + i);
            assertThat(f.getEncoding()).isEqualTo(FrameEncoding.JPEG);
            assertThat(f.getWidth()).isEqualTo(320);
            assertThat(f.getHeight()).isEqualTo(240);
            assertThat(f.getFps()).isEqualTo(25f);
            if (i > 0) {
                // stream time: 25 fps, 40 ms apart
                assertThat(Duration.between(frames.get(i - 1).getCaptureTime(), f.getCaptureTime())
                                .toMillis())
                        .isEqualTo(40);
            }
        }
        ByteBuffer data = frames.get(10).getData();
        byte[] jpeg = new byte[data.remaining()];
        data.get(jpeg);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(240);
    }

    @Test
    void aNetworkSourceThatDropsIsReconnectedAndSeqGoesOn() throws Exception {
        byte[] file = Files.readAllBytes(video);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.ts", exchange -> {
            // the first connection dies after a third of the stream; later ones play it whole
            int n = requests.incrementAndGet();
            int length = n == 1 ? file.length / 3 : file.length;
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file, 0, length);
            } catch (java.io.IOException ignored) {
                // the client went away
            }
            exchange.close();
        });
        server.start();
        try {
            String topic = "ingest.live";
            KAFKA.createTopics(List.of(topic), 1);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.ts";
            IngestOptions options =
                    new IngestOptions("cam-1", url, 0, 320, 85, false, false, 36, Duration.ofMillis(500), null);
            List<IngestStats> stats = Ingest.run(
                    KAFKA.bootstrapServers(),
                    topic,
                    List.of(options),
                    new AtomicBoolean(),
                    null,
                    Duration.ofSeconds(5));
            assertThat(stats.get(0).reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(requests.get()).isGreaterThanOrEqualTo(2);
            List<VideoFrame> frames = read(topic, 36);
            assertThat(frames).hasSize(36);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).getSeq())
                        .as("seq continues across the reconnect")
                        .isEqualTo(frames.get(0).getSeq() + i);
            }
            // live sources are stamped with the wall clock
            assertThat(Duration.between(frames.get(0).getCaptureTime(), java.time.Instant.now())
                            .toMinutes())
                    .isLessThan(5);
        } finally {
            server.stop(0);
        }
    }
}
