package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.ingest.Ingest;
import dev.tubelet.ingest.IngestOptions;
import dev.tubelet.ingest.IngestStats;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.ModelTask;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.TestDetectorGraphs;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Images;
import dev.tubelet.model.testutils.MovingObjects;
import dev.tubelet.operators.boxes.BoxSourceSpec;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.DetectionSpec;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.WindowSpec;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.Box;
import dev.tubelet.schema.BoxSource;
import dev.tubelet.schema.Detection;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.VideoFrame;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TestVideos;
import dev.tubelet.testkit.TubeletCluster;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spatio-temporal detection through the whole job (MiniCluster, embedded KRaft Kafka): a
 * generated MP4 of three moving rectangles played by {@code tubelet ingest}'s code into Kafka,
 * boxed by the motion proposer; a camera whose frames carry their own boxes; a camera with a
 * (YOLO-shaped) person detector.
 */
@Timeout(300)
class DetectionJobITCase {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionJobITCase.class);
    private static final int T = 8;
    private static final int STRIDE = 4;
    private static final int HOP = 2;
    private static final int SIZE = 64;
    private static final SingleObjectSerde<DetectionEvent> DETECTIONS = SingleObjectSerde.of(DetectionEvent.class);

    @RegisterExtension
    static final TubeletCluster CLUSTER = TubeletCluster.withSlots(2);

    @TempDir
    static Path dir;

    static Path classifier;
    static Path detector;
    static Path yolo;

    @BeforeAll
    static void models() throws Exception {
        classifier = TestModels.write(
                TestModels.tiny().numFrames(T).imageSize(SIZE).numClasses(5).build(), dir.resolve("classifier"));
        detector = dir.resolve("detector");
        new ModelDirectoryWriter(
                        TestModels.tiny()
                                .numFrames(T)
                                .imageSize(SIZE)
                                .numClasses(6)
                                .useMeanPooling(false)
                                .problemType(ProblemType.MULTI_LABEL)
                                .build(),
                        new SeededWeights(9))
                .task(ModelTask.DETECTION)
                .write(detector);
        // a fixed "person" at x 60..100, y 50..110 of a 160x160 letterboxed input: (120..200, 60..180) of a 320x240
        // frame
        float[] out = {80, 80, 40, 60, 0.9f, 0.2f}; // cx, cy, w, h, person, other (channels first, one candidate)
        yolo = TestDetectorGraphs.write(dir.resolve("yolo.onnx"), 160, new long[] {1, 6, 1}, out);
    }

    private static JobConfig config(String prefix) {
        BoxSources sources = new BoxSources(
                BoxSourceSpec.parse("motion"),
                Map.of(
                        "edge",
                        BoxSourceSpec.parse("detector:" + yolo),
                        "detected",
                        BoxSourceSpec.parse("detector:" + yolo)),
                MotionProposer.Settings.defaults(),
                BoxSources.DetectorSettings.defaults(),
                ExecutionOptions.cpu());
        return JobConfig.builder()
                .bootstrap(CLUSTER.bootstrapServers())
                .topics(JobConfig.Topics.prefixed(prefix))
                .groupId(prefix)
                .transactionalIdPrefix(prefix)
                .delivery(Delivery.AT_LEAST_ONCE)
                .checkpointInterval(Duration.ofMillis(500))
                .checkpointDir("file://" + dir.resolve(prefix + "-checkpoints"))
                .window(WindowSpec.builder().frames(T).stride(STRIDE).hop(HOP).build())
                .inference(
                        new InferenceSpec(classifier.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 3))
                .limits(new FrameLimits(1 << 20, 4096L * 4096L, 1024))
                .parallelism(2)
                .inferenceTimeout(Duration.ofMinutes(1))
                .detection(
                        new DetectionSpec(
                                new InferenceSpec(
                                        detector.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 3),
                                0.0f),
                        sources)
                .build();
    }

    private static JobClient submit(JobConfig cfg) throws Exception {
        CLUSTER.createTopics(
                List.of(
                        cfg.topics().frames(),
                        cfg.topics().actions(),
                        cfg.topics().detections(),
                        cfg.topics().deadLetters()),
                2);
        return CLUSTER.submit(
                "tubelet-detection-it",
                TubeletJob.flinkConfiguration(cfg),
                env -> TubeletJob.build(env, cfg, PreprocessorConfig.videoMaeDefaults(SIZE)));
    }

    private static VideoFrame frame(String camera, int seq, byte[] jpeg, List<Box> boxes) {
        return VideoFrame.newBuilder()
                .setCameraId(camera)
                .setSeq(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L).plusNanos(seq * 66_666_000L))
                .setFps(15f)
                .setWidth(320)
                .setHeight(240)
                .setEncoding(FrameEncoding.JPEG)
                .setData(ByteBuffer.wrap(jpeg))
                .setBoxes(boxes)
                .build();
    }

    private static float[] corners(Box b) {
        return new float[] {b.getX1(), b.getY1(), b.getX2(), b.getY2()};
    }

    @Test
    void movingObjectsGetBoxesNearTheTruthWithStableTrackIdsAndPerBoxActions() throws Exception {
        JobConfig cfg = config("detect");
        JobClient job = submit(cfg);
        MovingObjects scene = MovingObjects.three();
        int frames = 400;
        List<Box> given = List.of(
                Box.newBuilder()
                        .setX1(0.1f)
                        .setY1(0.2f)
                        .setX2(0.3f)
                        .setY2(0.6f)
                        .setScore(0.8f)
                        .setLabel("person")
                        .build(),
                Box.newBuilder()
                        .setX1(0.6f)
                        .setY1(0.3f)
                        .setX2(0.9f)
                        .setY2(0.95f)
                        .setScore(0.7f)
                        .setLabel("person")
                        .build());
        Path video = TestVideos.write(
                dir.resolve("moving.mp4"),
                TestVideos.Format.MP4,
                15,
                320,
                240,
                frames,
                t -> Images.toBufferedImage(scene.frame(t)));
        try (FrameTraffic traffic = new FrameTraffic(CLUSTER.bootstrapServers())) {
            List<IngestStats> ingested = Ingest.run(
                    CLUSTER.bootstrapServers(),
                    cfg.topics().frames(),
                    List.of(new IngestOptions(
                            "moving", video.toString(), 0, 320, 90, false, false, 0, Duration.ofSeconds(1), null)),
                    new AtomicBoolean(),
                    null,
                    Duration.ofSeconds(5));
            assertThat(ingested.get(0).frames()).isEqualTo(frames);
            for (int t = 0; t < 64; t++) {
                byte[] jpeg = Images.jpeg(scene.frame(t));
                traffic.send(cfg.topics().frames(), "edge", FrameTraffic.FRAMES.encode(frame("edge", t, jpeg, given)));
                traffic.send(
                        cfg.topics().frames(),
                        "detected",
                        FrameTraffic.FRAMES.encode(frame("detected", t, jpeg, List.of())));
            }
            traffic.flush();
            // windows every HOP sampled frames from the T-th: (400 / 4 - 8) / 2 + 1 for the moving camera, 5 for each
            // other
            int movingWindows = (frames / STRIDE - T) / HOP + 1;
            int expected = movingWindows + 2 * ((64 / STRIDE - T) / HOP + 1);
            List<DetectionEvent> events = traffic.read(
                    cfg.topics().detections(), expected, Duration.ofSeconds(120), FrameTraffic.decoder(DETECTIONS));
            List<ActionEvent> actions = traffic.read(
                    cfg.topics().actions(),
                    expected,
                    Duration.ofSeconds(30),
                    FrameTraffic.decoder(FrameTraffic.ACTIONS));
            assertThat(actions).as("classification goes on beside detection").hasSizeGreaterThanOrEqualTo(expected);

            Map<String, List<DetectionEvent>> byCamera = new HashMap<>();
            Set<String> ids = new HashSet<>();
            for (DetectionEvent e : events) {
                if (ids.add(e.getEventId())) { // at-least-once: drop replays by event id
                    byCamera.computeIfAbsent(e.getCameraId(), k -> new ArrayList<>())
                            .add(e);
                }
            }
            assertThat(byCamera.get("moving")).hasSize(movingWindows);
            // ingest numbers a run's frames from its start time in microseconds: the scene's frame t has seq first + t
            long first = traffic
                    .read(
                            cfg.topics().frames(),
                            frames + 128,
                            Duration.ofSeconds(30),
                            FrameTraffic.decoder(FrameTraffic.FRAMES))
                    .stream()
                    .filter(f -> f.getCameraId().equals("moving"))
                    .mapToLong(f -> f.getSeq())
                    .min()
                    .orElseThrow();

            // motion: each object found with IoU >= 0.5, its track id the same on every keyframe checked
            Map<Integer, Set<Long>> trackIdsOfObject = new HashMap<>();
            int checked = 0;
            int withActions = 0;
            for (DetectionEvent e : byCamera.get("moving")) {
                int key = (int) (e.getKeyframeSeq() - first);
                if (LOG.isDebugEnabled()) {
                    StringBuilder sb =
                            new StringBuilder("key " + key + (scene.touching(key, 0.03f) ? " touching" : "") + ":");
                    for (Detection d : e.getDetections()) {
                        sb.append(String.format(
                                " #%d[%.2f %.2f %.2f %.2f]",
                                d.getTrackId(),
                                d.getBox().getX1(),
                                d.getBox().getY1(),
                                d.getBox().getX2(),
                                d.getBox().getY2()));
                    }
                    LOG.debug("{} truth2={}", sb, java.util.Arrays.toString(scene.box(2, key)));
                }
                assertThat(e.getDetections())
                        .allSatisfy(d -> assertThat(d.getSource()).isEqualTo(BoxSource.MOTION));
                if (key < 80 || scene.touching(key, 0.03f)) {
                    continue;
                }
                for (int i = 0; i < scene.count(); i++) {
                    float[] truth = scene.box(i, key);
                    Detection best = null;
                    double bestIou = 0;
                    for (Detection d : e.getDetections()) {
                        double iou = MovingObjects.iou(corners(d.getBox()), truth);
                        if (iou > bestIou) {
                            bestIou = iou;
                            best = d;
                        }
                    }
                    assertThat(bestIou)
                            .as("IoU of object %d on keyframe %d", i, key)
                            .isGreaterThanOrEqualTo(0.5);
                    assertThat(best.getTrackId()).isNotNull();
                    trackIdsOfObject.computeIfAbsent(i, k -> new HashSet<>()).add(best.getTrackId());
                    // per-box multi-label action scores from the detection model, for boxes inside its center crop:
                    // 320x240 -> 298x224, crop 224 from x = 37, so x in 0.124..0.876 of the frame
                    Box box = best.getBox();
                    boolean visible = box.getX2() > 37f / 298 && box.getX1() < 261f / 298;
                    assertThat(best.getInView()).as("in view, box %s", box).isEqualTo(visible);
                    if (visible) {
                        assertThat(best.getActions())
                                .hasSize(3)
                                .allSatisfy(a -> assertThat(a.getScore()).isBetween(0f, 1f));
                        withActions++;
                    } else {
                        assertThat(best.getActions()).isEmpty();
                    }
                }
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(15);
            assertThat(withActions).isGreaterThan(checked);
            for (var entry : trackIdsOfObject.entrySet()) {
                assertThat(entry.getValue())
                        .as("track ids of object %d", entry.getKey())
                        .hasSize(1);
            }
            assertThat(trackIdsOfObject.values().stream()
                            .map(s -> s.iterator().next())
                            .distinct())
                    .hasSize(3);

            // boxes in the frames are used as given: no detector run, even though this camera is configured with one
            assertThat(byCamera.get("edge")).hasSize(5).allSatisfy(e -> {
                assertThat(e.getDetections()).hasSize(2);
                for (int i = 0; i < 2; i++) {
                    Detection d = e.getDetections().get(i);
                    assertThat(d.getSource()).isEqualTo(BoxSource.UPSTREAM);
                    assertThat(corners(d.getBox())).containsExactly(corners(given.get(i)));
                    assertThat(d.getScore()).isEqualTo(given.get(i).getScore());
                    assertThat(d.getBox()).isEqualTo(given.get(i)); // as given, label and all
                }
            });
            // the detector's fixed person, mapped back through the letterbox
            assertThat(byCamera.get("detected")).hasSize(5).allSatisfy(e -> {
                assertThat(e.getDetections()).hasSize(1);
                Detection d = e.getDetections().get(0);
                assertThat(d.getSource()).isEqualTo(BoxSource.DETECTOR);
                assertThat(corners(d.getBox()))
                        .containsExactly(
                                new float[] {120f / 320, 60f / 240, 200f / 320, 180f / 240},
                                org.assertj.core.api.Assertions.within(1e-4f));
                assertThat(d.getActions()).hasSize(3);
            });
            // the metrics: the detector ran on the "detected" camera's keyframes only (6 kept frames of 16 are
            // keyframes:
            // n = 1 + T/2 + j*hop), never on the "edge" camera whose frames carry boxes
            Map<String, Double> metrics = CLUSTER.metrics(
                    job,
                    Set.of(
                            MetricNames.BOXES_PER_WINDOW + "_mean",
                            MetricNames.DETECTOR_RUNS,
                            MetricNames.DETECTOR_LATENCY_MS + "_p99",
                            MetricNames.ACTIVE_TRACKS,
                            MetricNames.DETECTION_BATCH_SIZE + "_mean",
                            MetricNames.DETECTION_LATENCY_MS + "_p99"));
            assertThat(metrics.get(MetricNames.DETECTOR_RUNS)).isEqualTo(6);
            assertThat(metrics.get(MetricNames.BOXES_PER_WINDOW + "_mean")).isPositive();
            assertThat(metrics.get(MetricNames.ACTIVE_TRACKS)).isGreaterThanOrEqualTo(3 + 2 + 1);
            assertThat(metrics.get(MetricNames.DETECTION_BATCH_SIZE + "_mean")).isGreaterThanOrEqualTo(1);

            DetectionEvent any = byCamera.get("moving").get(0);
            assertThat(any.getModel().getName()).isEqualTo("detector");
            assertThat(any.getEventId()).startsWith("moving:");
            assertThat(any.getWindowEnd()).isAfter(any.getWindowStart());
        } finally {
            job.cancel().get();
        }
    }
}
