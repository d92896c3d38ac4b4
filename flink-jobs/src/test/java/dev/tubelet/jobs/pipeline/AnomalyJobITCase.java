package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.operators.alerts.AlertRules;
import dev.tubelet.operators.inference.AnomalySpec;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.window.WindowSpec;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AnomalyEvent;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TubeletCluster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job with an anomaly model (the tiny masked autoencoder, seeded weights) beside a
 * classifier that takes the same frames: a camera shows its usual scene, then a second of noise
 * frames, then the usual scene again. Every window gets an AnomalyEvent; after the warm-up, exactly
 * the windows that saw noise stand more than 4 standard deviations above the camera's baseline, and
 * a rule {@code anomaly: {min-z: 4, min-windows: 2}} fires once for the run.
 *
 * <p>The model is untrained, so the usual scene is one it cannot get wrong by much: the score's
 * targets are each token's pixels normalized by their own spread, so a token of one flat colour has
 * all-zero targets, and any texture (JPEG's ringing included) has targets of unit spread that only a
 * trained model predicts. The usual scene is therefore a lossless PNG mosaic of flat 16×16 tiles with
 * a square that jumps one tile every 8 frames (the tokens it leaves or enters within a tubelet are the
 * usual scene's motion), and the noise is noise everywhere.
 */
@Timeout(240)
class AnomalyJobITCase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyJobITCase.class);
    private static final int T = 4;
    private static final int STRIDE = 2;
    private static final int HOP = 2;
    private static final int SIZE = 48;
    private static final int WARM_UP = 10;

    @RegisterExtension
    static final TubeletCluster CLUSTER = TubeletCluster.withSlots(2);

    @TempDir
    static Path dir;

    @Test
    void onlyTheWindowsThatSawNoiseStandOutAfterTheWarmUp() throws Exception {
        Path classifier =
                TestModels.write(TestModels.tiny().numFrames(T).imageSize(SIZE).build(), dir.resolve("classifier"));
        Path anomaly = TestModels.tinyAnomalyModel(dir.resolve("mae"));
        JobConfig cfg = JobConfig.builder()
                .bootstrap(CLUSTER.bootstrapServers())
                .topics(JobConfig.Topics.prefixed("odd"))
                .groupId("odd")
                .transactionalIdPrefix("odd")
                .delivery(Delivery.AT_LEAST_ONCE)
                .checkpointInterval(Duration.ofMillis(500))
                .checkpointDir("file://" + dir.resolve("checkpoints"))
                .window(WindowSpec.builder().frames(T).stride(STRIDE).hop(HOP).build())
                .inference(
                        new InferenceSpec(classifier.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 2))
                .anomaly(new AnomalySpec(
                        new InferenceSpec(anomaly.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 1),
                        30,
                        WARM_UP))
                .parallelism(1)
                .rules(
                        AlertRules.read(
                                java.nio.file.Files.writeString(
                                        dir.resolve("rules.yaml"),
                                        "rules:\n  - name: unusual\n    anomaly: {min-z: 4, min-windows: 2}\n    severity: critical\n")))
                .build();
        CLUSTER.createTopics(cfg.topics().all(false, true), 1);
        JobClient job = CLUSTER.submit(
                "anomaly",
                TubeletJob.flinkConfiguration(cfg),
                env -> TubeletJob.build(env, cfg, PreprocessorConfig.videoMaeDefaults(SIZE)));
        // 6 s of the usual scene, 1 s of noise, 3 s of the usual, at 30 fps
        int noiseFrom = 180;
        int noiseTo = 210;
        int frames = 300;
        SplittableRandom random = new SplittableRandom(9);
        try (FrameTraffic traffic = new FrameTraffic(CLUSTER.bootstrapServers())) {
            for (int seq = 0; seq < frames; seq++) {
                byte[] data = seq >= noiseFrom && seq < noiseTo ? noise(random) : usual(seq);
                traffic.send(
                        cfg.topics().frames(),
                        "lobby",
                        FrameTraffic.FRAMES.encode(
                                FrameTraffic.frame("lobby", seq, FrameEncoding.PNG, data, SIZE, SIZE)));
            }
            traffic.flush();
            int expected = FrameTraffic.expectedWindows(frames, T, STRIDE, HOP).size();
            List<AnomalyEvent> events = traffic
                    .read(
                            cfg.topics().anomalies(),
                            expected,
                            Duration.ofSeconds(120),
                            FrameTraffic.decoder(SingleObjectSerde.of(AnomalyEvent.class)))
                    .stream()
                    .sorted(Comparator.comparing(e -> e.getSampledSeqs().get(0)))
                    .toList();
            if (events.size() != expected) {
                List<dev.tubelet.schema.DeadLetter> dead = traffic.read(
                        cfg.topics().deadLetters(),
                        30,
                        Duration.ofSeconds(5),
                        FrameTraffic.decoder(FrameTraffic.DEAD_LETTERS));
                assertThat(dead)
                        .extracting(d -> d.getReason() + " " + d.getMessage())
                        .isEmpty();
            }
            assertThat(events)
                    .as(
                            "windows starting at %s",
                            events.stream().map(e -> e.getSampledSeqs().get(0)).toList())
                    .hasSize(expected);
            Set<String> ids = new HashSet<>();
            int stoodOut = 0;
            for (int i = 0; i < events.size(); i++) {
                AnomalyEvent e = events.get(i);
                assertThat(ids.add(e.getEventId())).isTrue();
                assertThat(e.getCameraId()).isEqualTo("lobby");
                assertThat(e.getHeat()).hasSize(9);
                assertThat(e.getHeatRows()).isEqualTo(3);
                assertThat(e.getModel().getName()).isEqualTo("mae");
                assertThat(e.getWarmingUp()).as("window " + i).isEqualTo(i < WARM_UP);
                boolean sawNoise = e.getSampledSeqs().stream().anyMatch(s -> s >= noiseFrom && s < noiseTo);
                assertThat(sawNoise).as("the warm-up is the usual scene").isEqualTo(sawNoise && i >= WARM_UP);
                if (i >= WARM_UP) {
                    assertThat(e.getZ() > 4)
                            .as(
                                    "window %d (seqs %s): z %.2f, score %.4f, baseline %.4f ± %.4f",
                                    i,
                                    e.getSampledSeqs(),
                                    e.getZ(),
                                    e.getScore(),
                                    e.getBaselineMean(),
                                    e.getBaselineStd())
                            .isEqualTo(sawNoise);
                    stoodOut += sawNoise ? 1 : 0;
                }
            }
            LOG.info(
                    "anomaly job: usual windows' largest z {}, noise windows' smallest z {}",
                    String.format(
                            "%.2f",
                            events.subList(WARM_UP, events.size()).stream()
                                    .filter(e ->
                                            e.getSampledSeqs().stream().noneMatch(q -> q >= noiseFrom && q < noiseTo))
                                    .mapToDouble(AnomalyEvent::getZ)
                                    .max()
                                    .orElse(0)),
                    String.format(
                            "%.2f",
                            events.stream()
                                    .filter(e ->
                                            e.getSampledSeqs().stream().anyMatch(q -> q >= noiseFrom && q < noiseTo))
                                    .mapToDouble(AnomalyEvent::getZ)
                                    .min()
                                    .orElse(0)));
            // 30 noise frames: the windows whose 7-frame span touches them
            assertThat(stoodOut).isGreaterThanOrEqualTo(30 / (STRIDE * HOP));
            // one run of unusual windows: one alert, at its second window, starting at its first
            AnomalyEvent first = events.stream()
                    .filter(e -> !e.getWarmingUp() && e.getZ() > 4)
                    .findFirst()
                    .orElseThrow();
            List<Alert> alerts = traffic.read(
                    cfg.topics().alerts(),
                    1,
                    Duration.ofSeconds(30),
                    FrameTraffic.decoder(SingleObjectSerde.of(Alert.class)));
            assertThat(alerts).hasSize(1);
            Alert alert = alerts.get(0);
            assertThat(alert.getRule()).isEqualTo("unusual");
            assertThat(alert.getLabel().getLabel()).isEqualTo("anomaly");
            assertThat(alert.getSegmentId()).isEqualTo(first.getEventId());
            assertThat(alert.getAlertId()).isEqualTo("alert:unusual:" + first.getEventId());
            assertThat(alert.getStartTime()).isEqualTo(first.getWindowStart());
            assertThat(alert.getScore()).isGreaterThan(4f);
        } finally {
            job.cancel().get();
        }
    }

    /** Nine flat tiles, and a white square on tile (seq / 8) mod 9. */
    private static byte[] usual(int seq) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int square = (seq / 8) % 9;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int tile = (y / 16) * 3 + x / 16;
                image.setRGB(x, y, tile == square ? 0xffffff : 0x203040 + tile * 0x101808);
            }
        }
        return png(image);
    }

    private static byte[] noise(SplittableRandom random) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return png(image);
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
