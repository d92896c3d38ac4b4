package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.clips.ClipService;
import dev.tubelet.clips.ClipSettings;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.operators.alerts.AlertRules;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.window.WindowSpec;
import dev.tubelet.schema.ActionSegment;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.ClipReady;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SegmentStatus;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TestVideos;
import dev.tubelet.testkit.TubeletCluster;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera dark for 4 s, bright for 8 s, dark again, through the real job with a two-class model
 * whose "bright" score follows the clip's mean pixel (a pass-through graph: softmax of ±the channel
 * means): one "bright" segment, OPEN then CLOSED under one id, its start and end within one window
 * of the truth, one alert, and the alert's clip cut from the frames topic.
 */
@Timeout(240)
class SegmentsJobITCase {
    private static final int T = 8;
    private static final int STRIDE = 2;
    private static final int HOP = 4;
    private static final int SIZE = 32;
    private static final long FRAME_MICROS = 33_333; // FrameTraffic's frames are 30 fps

    @RegisterExtension
    static final TubeletCluster CLUSTER = TubeletCluster.withSlots(2);

    @TempDir
    static Path dir;

    @Test
    void aBrightStretchIsOneSegmentOpenedThenClosedNearTheTruth() throws Exception {
        VideoMaeArchitecture arch = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                .numFrames(T)
                .imageSize(SIZE)
                .numClasses(2)
                .build();
        Path model = new ModelDirectoryWriter(
                        arch,
                        (name, shape) ->
                                name.equals("head.weight") ? new float[] {-1, -1, -1, 1, 1, 1} : new float[shape[0]])
                .passThrough(true)
                .labels(LabelSet.of(List.of("dark", "bright")))
                .write(dir.resolve("brightness"));
        JobConfig cfg = JobConfig.builder()
                .bootstrap(CLUSTER.bootstrapServers())
                .topics(JobConfig.Topics.prefixed("seg"))
                .groupId("seg")
                .transactionalIdPrefix("seg")
                .delivery(Delivery.EXACTLY_ONCE)
                .checkpointInterval(Duration.ofMillis(500))
                .checkpointDir("file://" + dir.resolve("checkpoints"))
                .window(WindowSpec.builder().frames(T).stride(STRIDE).hop(HOP).build())
                .inference(new InferenceSpec(model.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 2))
                .parallelism(1)
                .rules(rules())
                .build();
        CLUSTER.createTopics(cfg.topics().all(false, false), 1);
        JobClient job = CLUSTER.submit(
                "segments",
                TubeletJob.flinkConfiguration(cfg),
                env -> TubeletJob.build(env, cfg, PreprocessorConfig.videoMaeDefaults(SIZE)));
        // 4 s dark, 8 s bright, 6 s dark, at 30 fps
        int brightFrom = 120;
        int brightTo = 360;
        int frames = 540;
        byte[] dark = jpeg(20);
        byte[] bright = jpeg(230);
        try (FrameTraffic traffic = new FrameTraffic(CLUSTER.bootstrapServers())) {
            for (int seq = 0; seq < frames; seq++) {
                byte[] data = seq >= brightFrom && seq < brightTo ? bright : dark;
                traffic.send(
                        cfg.topics().frames(),
                        "door",
                        FrameTraffic.FRAMES.encode(
                                FrameTraffic.frame("door", seq, FrameEncoding.JPEG, data, SIZE, SIZE)));
            }
            traffic.flush();
            List<ActionSegment> segments = traffic
                    .read(
                            cfg.topics().segments(),
                            3,
                            Duration.ofSeconds(120),
                            FrameTraffic.decoder(SingleObjectSerde.of(ActionSegment.class)))
                    .stream()
                    .filter(s -> s.getLabel().getLabel().equals("bright"))
                    .toList();
            assertThat(segments)
                    .extracting(ActionSegment::getStatus)
                    .containsExactly(SegmentStatus.OPEN, SegmentStatus.CLOSED);
            ActionSegment closed = segments.get(1);
            assertThat(closed.getSegmentId()).isEqualTo(segments.get(0).getSegmentId());
            assertThat(closed.getTrackId()).isNull();
            assertThat(closed.getCloseReason()).isEqualTo("score");
            Instant epoch = Instant.ofEpochSecond(1_700_000_000L);
            Duration window = Duration.ofNanos((T - 1) * STRIDE * FRAME_MICROS * 1000);
            Instant truthStart = epoch.plusNanos(brightFrom * FRAME_MICROS * 1000);
            Instant truthEnd = epoch.plusNanos(brightTo * FRAME_MICROS * 1000);
            assertThat(Duration.between(truthStart, closed.getStartTime()).abs())
                    .isLessThanOrEqualTo(window);
            assertThat(Duration.between(truthEnd, closed.getEndTime()).abs()).isLessThanOrEqualTo(window);
            assertThat(closed.getPeakScore()).isGreaterThan(0.99f);
            assertThat(closed.getWindows()).isGreaterThanOrEqualTo((brightTo - brightFrom) / (HOP * STRIDE) - 1);

            // the example rule: one alert, when the segment had lasted 2 s
            List<Alert> alerts = traffic.read(
                    cfg.topics().alerts(),
                    1,
                    Duration.ofSeconds(60),
                    FrameTraffic.decoder(SingleObjectSerde.of(Alert.class)));
            assertThat(alerts).hasSize(1);
            Alert alert = alerts.get(0);
            assertThat(alert.getRule()).isEqualTo("lights-on");
            assertThat(alert.getSegmentId()).isEqualTo(closed.getSegmentId());
            assertThat(alert.getAlertId()).isEqualTo("alert:lights-on:" + closed.getSegmentId());
            assertThat(Duration.between(alert.getStartTime(), alert.getTriggerTime()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                    .isLessThan(Duration.ofSeconds(2).plus(window));
            assertThat(alert.getClip()).startsWith("door/alert_lights-on_seg_").endsWith(".mp4");
            assertThat(alert.getBox()).isNull();

            // its clip, cut from the frames topic by tubelet clips: FFmpeg reads it back, mostly bright
            ClipReady clip = clipOf(cfg, traffic);
            assertThat(clip.getAlertId()).isEqualTo(alert.getAlertId());
            Instant from = alert.getStartTime().minusSeconds(1);
            Instant to = alert.getTriggerTime().plusSeconds(1);
            long expected = java.util.stream.LongStream.range(0, frames)
                    .mapToObj(seq -> epoch.plusNanos(seq * FRAME_MICROS * 1000))
                    .filter(t -> !t.isBefore(from) && !t.isAfter(to))
                    .count();
            assertThat(clip.getFrames()).isEqualTo((int) expected);
            Path mp4 = dir.resolve("clips").resolve(alert.getClip());
            int[] readBack = readBack(mp4);
            assertThat(readBack[0]).isEqualTo((int) expected);
            assertThat(readBack[1]).as("bright frames of %s", readBack[0]).isGreaterThan(readBack[0] / 2);
            assertThat(clip.getUri()).endsWith(alert.getClip());
        } finally {
            job.cancel().get();
        }
    }

    /** Runs tubelet clips over the job's topics until the first ClipReady. */
    private static ClipReady clipOf(JobConfig cfg, FrameTraffic traffic) throws Exception {
        String clips = "seg.clips";
        CLUSTER.createTopics(List.of(clips), 1);
        Path out = dir.resolve("clips");
        ClipSettings settings = new ClipSettings(
                CLUSTER.bootstrapServers(),
                KafkaClientConfig.none(),
                out,
                out.toUri().toString(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                new ClipSettings.Topics(
                        cfg.topics().alerts(),
                        cfg.topics().frames(),
                        cfg.topics().detections(),
                        clips),
                "seg-clips",
                "seg-clips");
        AtomicBoolean stopping = new AtomicBoolean();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<?> running = runner.submit(() -> {
            try (ClipService service = new ClipService(settings, Clock.systemUTC(), new ClipService.Listener() {})) {
                service.run(stopping);
            }
            return null;
        });
        try {
            List<ClipReady> ready = traffic.read(
                    clips, 1, Duration.ofSeconds(60), FrameTraffic.decoder(SingleObjectSerde.of(ClipReady.class)));
            assertThat(ready).hasSize(1);
            return ready.get(0);
        } finally {
            stopping.set(true);
            running.get();
            runner.shutdown();
        }
    }

    /** @return frames FFmpeg reads back from the MP4, and how many are bright in the middle */
    private static int[] readBack(Path file) throws Exception {
        int[] levels = TestVideos.centreLevels(file);
        return new int[] {
            levels.length,
            (int) java.util.Arrays.stream(levels).filter(l -> l > 128).count()
        };
    }

    private static AlertRules rules() throws Exception {
        Path file = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(file, """
                rules:
                  - name: lights-on
                    labels: [bright]
                    min-score: 0.8
                    min-duration-s: 2
                    cooldown-s: 60
                    cameras: ["*"]
                    severity: warning
                """);
        return AlertRules.read(file);
    }

    private static byte[] jpeg(int level) throws Exception {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(level, level, level));
        g.fillRect(0, 0, SIZE, SIZE);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
