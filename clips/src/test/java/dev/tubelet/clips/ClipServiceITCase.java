package dev.tubelet.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AlertBox;
import dev.tubelet.schema.Box;
import dev.tubelet.schema.BoxSource;
import dev.tubelet.schema.ClipReady;
import dev.tubelet.schema.Detection;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.Label;
import dev.tubelet.schema.SegmentLabel;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.VideoFrame;
import dev.tubelet.testkit.EmbeddedKafkaExtension;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TestVideos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tubelet clips} against a real broker: frames of two cameras on a three-partition topic, an
 * alert about one of them; the clip read back with FFmpeg, its record, a restart that rewrites
 * nothing, and alerts whose frames are gone or were never there.
 */
@Timeout(180)
class ClipServiceITCase {
    private static final SingleObjectSerde<Alert> ALERTS = SingleObjectSerde.of(Alert.class);
    private static final SingleObjectSerde<ClipReady> CLIPS = SingleObjectSerde.of(ClipReady.class);
    private static final SingleObjectSerde<DetectionEvent> DETECTIONS = SingleObjectSerde.of(DetectionEvent.class);
    private static final ClipSettings.Topics TOPICS =
            new ClipSettings.Topics("c.alerts", "c.frames", "c.detections", "c.clips");
    private static final int FRAMES = 300;
    private static final int BRIGHT_FROM = 100;
    private static final int BRIGHT_TO = 220;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    static Path out;

    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @BeforeAll
    static void frames() throws Exception {
        KAFKA.createTopics(List.of(TOPICS.alerts(), TOPICS.frames(), TOPICS.detections(), TOPICS.clips()), 3);
        byte[] dark = jpeg(20);
        byte[] bright = jpeg(230);
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            for (int seq = 0; seq < FRAMES; seq++) {
                byte[] data = seq >= BRIGHT_FROM && seq < BRIGHT_TO ? bright : dark;
                traffic.send(TOPICS.frames(), "door", FrameTraffic.FRAMES.encode(frame("door", seq, data)));
                traffic.send(TOPICS.frames(), "yard", FrameTraffic.FRAMES.encode(frame("yard", seq, dark)));
            }
            traffic.flush();
        }
    }

    @AfterEach
    void stop() throws Exception {
        stopping.set(true);
        runner.shutdown();
        assertThat(runner.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void anAlertsClipHasItsFramesAndARestartRewritesNothing() throws Exception {
        Alert alert = alert("lights-on", "door", 100, 160);
        Alert other = alert("lights-on", "yard", 100, 160);
        // yard's first: going back to door's alert below redoes door's alone
        send(other);
        send(alert);
        Future<?> first = start("g1");
        List<ClipReady> clips = readClips(2);
        ClipReady ready = clips.stream()
                .filter(c -> c.getCameraId().equals("door"))
                .findFirst()
                .orElseThrow();
        // two clips in a row from one topic, the cameras on different partitions (or not): both whole
        assertThat(clips).extracting(ClipReady::getFrames).containsExactly(121, 121);
        assertThat(readBack(out.resolve("yard").resolve("alert_lights-on_seg_yard_bright_100.mp4"))[1])
                .as("yard's frames are dark")
                .isZero();
        Path file = out.resolve("door").resolve("alert_lights-on_seg_door_bright_100.mp4");
        assertThat(ready.getAlertId()).isEqualTo(alert.getAlertId());
        assertThat(ready.getUri()).isEqualTo(out.toUri() + "door/alert_lights-on_seg_door_bright_100.mp4");
        // from 1 s before the start (frame 70) to 1 s after the trigger (frame 190)
        assertThat(ready.getFrames()).isEqualTo(121);
        assertThat(ready.getStartTime()).isEqualTo(captured(70));
        assertThat(ready.getEndTime()).isEqualTo(captured(190));
        assertThat(ready.getFps()).isEqualTo(30f);
        assertThat(ready.getReason()).isNull();
        assertThat(ready.getBytes()).isEqualTo(Files.size(file));
        assertThat(Sidecar.read(Sidecar.of(file))).isEqualTo(ready);

        int[] readBack = readBack(file);
        assertThat(readBack[0]).isEqualTo(121);
        assertThat(readBack[1]).as("bright frames (100..190 of 70..190)").isBetween(88, 93);
        assertThat(ready.getCodec()).isEqualTo(Mp4.h264Encoder() != null ? "h264" : "mpeg4");

        // a crash after the clip was written, before its transaction: the group's offset back at the alert
        stopping.set(true);
        first.get();
        stopping.set(false);
        FileTime written = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(
                            "g1",
                            Map.of(
                                    new TopicPartition(
                                            TOPICS.alerts(), recordOf(alert).partition()),
                                    new OffsetAndMetadata(recordOf(alert).offset())))
                    .all()
                    .get();
        }
        start("g1");
        List<ClipReady> again = readClips(3);
        assertThat(again).hasSize(3);
        assertThat(again.stream().filter(c -> c.getCameraId().equals("door")))
                .as("door's clip published again, the very same record")
                .containsExactly(ready, ready);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void framesThatAreGoneOrWereNeverSentGiveAnEmptyClipWithItsReasonOnce() throws Exception {
        ClipSettings.Topics topics =
                new ClipSettings.Topics("c.alerts-2", "c.frames-gone", "c.detections", "c.clips-2");
        KAFKA.createTopics(List.of(topics.alerts(), topics.frames(), topics.clips()), 1);
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers());
                Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            for (int seq = 0; seq < 120; seq++) {
                traffic.send(topics.frames(), "door", FrameTraffic.FRAMES.encode(frame("door", seq, jpeg(20))));
            }
            traffic.flush();
            // retention took frames 0..99
            admin.deleteRecords(Map.of(new TopicPartition(topics.frames(), 0), RecordsToDelete.beforeOffset(100)))
                    .all()
                    .get();
            traffic.send(topics.alerts(), "door", ALERTS.encode(alert("early", "door", 10, 20)));
            traffic.send(topics.alerts(), "nowhere", ALERTS.encode(alert("nowhere", "no-such-camera", 10, 20)));
            traffic.flush();
        }
        start("g2", topics);
        List<ClipReady> clips;
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            clips = traffic.read(topics.clips(), 2, Duration.ofSeconds(90), FrameTraffic.decoder(CLIPS));
        }
        assertThat(clips).extracting(ClipReady::getRule).containsExactly("early", "nowhere");
        ClipReady gone = clips.get(0);
        assertThat(gone.getFrames()).isZero();
        assertThat(gone.getUri()).isNull();
        assertThat(gone.getReason()).contains("are gone from c.frames-gone").contains("retention");
        ClipReady never = clips.get(1);
        assertThat(never.getFrames()).isZero();
        assertThat(never.getReason()).startsWith("no frames of camera no-such-camera between");
        assertThat(out.resolve("door").resolve("alert_early_seg_door_bright_10.mp4"))
                .doesNotExist();
        assertThat(out.resolve("door").resolve("alert_early_seg_door_bright_10.json"))
                .exists();
    }

    @Test
    void aTrackedAlertsClipShowsItsTracksBoxFromTheDetections() throws Exception {
        ClipSettings.Topics topics =
                new ClipSettings.Topics("c.alerts-3", TOPICS.frames(), "c.detections-3", "c.clips-3");
        KAFKA.createTopics(List.of(topics.alerts(), topics.detections(), topics.clips()), 1);
        Alert alert = Alert.newBuilder(alert("door-runner", "door", 100, 160))
                .setTrackId(7L)
                .setBox(new AlertBox(0.25f, 0.25f, 0.75f, 0.75f))
                .build();
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            // a keyframe every 20 frames, the same box on track 7 (drawn thick: the alert's track)
            for (int seq = 0; seq < FRAMES; seq += 20) {
                traffic.send(topics.detections(), "door", DETECTIONS.encode(keyframe(seq)));
            }
            traffic.send(topics.alerts(), "door", ALERTS.encode(alert));
            traffic.flush();
        }
        start("g3", topics);
        List<ClipReady> clips;
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            clips = traffic.read(topics.clips(), 1, Duration.ofSeconds(90), FrameTraffic.decoder(CLIPS));
        }
        assertThat(clips).hasSize(1);
        Path file = out.resolve("door").resolve("alert_door-runner_seg_door_bright_100.mp4");
        // on the box's left edge: track 7's colour (80, 200, 255) over the grey scene, in every frame
        int[][] edge = TestVideos.pixels(file, 0.25, 0.5);
        assertThat(List.of(edge)).hasSize(121);
        assertThat(List.of(edge))
                .allSatisfy(
                        rgb -> assertThat(rgb[2] - rgb[0]).as("blue over red").isGreaterThan(80));
        // away from it, the scene as it was
        int[][] corner = TestVideos.pixels(file, 0.05, 0.5);
        assertThat(List.of(corner))
                .allSatisfy(rgb -> assertThat(Math.abs(rgb[2] - rgb[0])).isLessThan(30));
    }

    @Test
    void aMissingTopicStopsTheServiceAtOnceNamingItsOption() {
        ClipSettings.Topics topics = new ClipSettings.Topics(TOPICS.alerts(), TOPICS.frames(), "c.d", "c.no-clips");
        Future<?> run = start("g4", topics);
        assertThatThrownBy(run::get)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessage("--clips-topic: expected a topic on " + KAFKA.bootstrapServers()
                        + ", found no topic c.no-clips (create it as docs/operations.md, \"Kafka topics\", shows)");
    }

    private static DetectionEvent keyframe(int seq) {
        Instant at = captured(seq);
        return DetectionEvent.newBuilder()
                .setEventId("det:" + seq)
                .setCameraId("door")
                .setKeyframeTime(at)
                .setKeyframeSeq(seq)
                .setDetections(List.of(Detection.newBuilder()
                        .setBox(new Box(0.25f, 0.25f, 0.75f, 0.75f, 0.9f, "person"))
                        .setScore(0.9f)
                        .setSource(BoxSource.MOTION)
                        .setTrackId(7L)
                        .setActions(List.of(new Label(1, "bright", 0.9f)))
                        .setInView(true)
                        .build()))
                .setWindowStart(at)
                .setWindowEnd(at)
                .setModel(null)
                .setTimings(null)
                .build();
    }

    private Future<?> start(String group) {
        return start(group, TOPICS);
    }

    private Future<?> start(String group, ClipSettings.Topics topics) {
        ClipSettings settings = new ClipSettings(
                KAFKA.bootstrapServers(),
                KafkaClientConfig.none(),
                out,
                out.toUri().toString(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(120),
                Duration.ofSeconds(1),
                topics,
                group,
                "clips-" + group);
        return runner.submit(() -> {
            try (ClipService service = new ClipService(settings, Clock.systemUTC(), new ClipService.Listener() {})) {
                service.run(stopping);
            }
            return null;
        });
    }

    /** All ClipReady records of the topic (read_committed), once {@code expected} are there. */
    private static List<ClipReady> readClips(int expected) {
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            return traffic.read(TOPICS.clips(), expected, Duration.ofSeconds(90), FrameTraffic.decoder(CLIPS));
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

    private static org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> recordOf(Alert alert) {
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            return traffic.records(TOPICS.alerts(), 2, Duration.ofSeconds(10)).stream()
                    .filter(r -> FrameTraffic.decoder(ALERTS)
                            .apply(r.value())
                            .getAlertId()
                            .equals(alert.getAlertId()))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static void send(Alert alert) {
        try (FrameTraffic traffic = new FrameTraffic(KAFKA.bootstrapServers())) {
            traffic.send(TOPICS.alerts(), alert.getCameraId(), ALERTS.encode(alert));
            traffic.flush();
        }
    }

    private static Alert alert(String rule, String camera, int startSeq, int triggerSeq) {
        String segment = "seg:" + camera + ":bright:" + startSeq;
        return Alert.newBuilder()
                .setAlertId("alert:" + rule + ":" + segment)
                .setRule(rule)
                .setSeverity("warning")
                .setCameraId(camera)
                .setTrackId(null)
                .setLabel(new SegmentLabel(1, "bright"))
                .setScore(0.97f)
                .setSegmentId(segment)
                .setStartTime(captured(startSeq))
                .setTriggerTime(captured(triggerSeq))
                .setBox(null)
                .setClip(null)
                .build();
    }

    private static Instant captured(int seq) {
        return frame("door", seq, new byte[0]).getCaptureTime();
    }

    private static VideoFrame frame(String camera, int seq, byte[] data) {
        return FrameTraffic.frame(camera, seq, FrameEncoding.JPEG, data, 64, 48);
    }

    private static byte[] jpeg(int level) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(level, level, level));
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", bytes);
        return bytes.toByteArray();
    }
}
