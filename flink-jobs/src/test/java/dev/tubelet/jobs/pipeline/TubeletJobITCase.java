package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.WindowSpec;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.Label;
import dev.tubelet.testkit.FrameTraffic;
import dev.tubelet.testkit.TubeletCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole job on a Flink MiniCluster against a real (embedded, KRaft) Kafka broker: frames in,
 * ActionEvents and DeadLetters out, decoded with plain Avro.
 */
@Timeout(300)
class TubeletJobITCase {
    private static final Logger LOG = LoggerFactory.getLogger(TubeletJobITCase.class);
    private static final int T = 8;
    private static final int STRIDE = 2;
    private static final int HOP = 4;

    @RegisterExtension
    static final TubeletCluster CLUSTER = TubeletCluster.withSlots(2);

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void model() throws Exception {
        model = TestModels.write(
                TestModels.tiny().numFrames(T).imageSize(32).numClasses(5).build(), dir.resolve("model"));
    }

    private static JobConfig config(String prefix, Delivery delivery, int maxMessageBytes) {
        return JobConfig.builder()
                .bootstrap(CLUSTER.bootstrapServers())
                .topics(JobConfig.Topics.prefixed(prefix))
                .groupId(prefix)
                .transactionalIdPrefix(prefix)
                .delivery(delivery)
                .checkpointInterval(Duration.ofMillis(500))
                .checkpointDir("file://" + dir.resolve(prefix + "-checkpoints"))
                .window(WindowSpec.builder().frames(T).stride(STRIDE).hop(HOP).build())
                .inference(new InferenceSpec(model.toString(), ExecutionOptions.cpu(), 4, Duration.ofMillis(20), 3))
                .limits(new FrameLimits(maxMessageBytes, 4096L * 4096L, 1024))
                .parallelism(2)
                .inferenceTimeout(Duration.ofMinutes(1))
                .build();
    }

    private static JobClient submit(JobConfig cfg) throws Exception {
        CLUSTER.createTopics(
                List.of(
                        cfg.topics().frames(),
                        cfg.topics().actions(),
                        cfg.topics().deadLetters()),
                2);
        return CLUSTER.submit(
                "tubelet-it-" + cfg.groupId(),
                TubeletJob.flinkConfiguration(cfg),
                env -> TubeletJob.build(env, cfg, PreprocessorConfig.videoMaeDefaults(32)));
    }

    private static Map<String, List<List<Long>>> windowsByCamera(List<ActionEvent> events) {
        Map<String, List<List<Long>>> out = new TreeMap<>();
        for (ActionEvent e : events) {
            out.computeIfAbsent(e.getCameraId(), k -> new ArrayList<>()).add(e.getSampledSeqs());
        }
        return out;
    }

    @Test
    void camerasGetExactlyTheirStridedWindowsAndBadRecordsGoToDeadLetters() throws Exception {
        JobConfig cfg = config("basic", Delivery.EXACTLY_ONCE, 64 * 1024);
        JobClient job = submit(cfg);
        int cameras = 3;
        long frames = 40;
        try (FrameTraffic traffic = new FrameTraffic(CLUSTER.bootstrapServers())) {
            String topic = cfg.topics().frames();
            traffic.sendFrames(topic, cameras, 0, frames / 2);
            // the bad ones, on a camera of their own so the good cameras' windows are untouched
            traffic.send(topic, "bad", "this is not avro at all".getBytes());
            traffic.send(
                    topic,
                    "bad",
                    FrameTraffic.FRAMES.encode(FrameTraffic.frame(
                            "bad",
                            0,
                            FrameEncoding.JPEG,
                            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 9, 9, 9, 9},
                            48,
                            40)));
            traffic.send(
                    topic,
                    "bad",
                    FrameTraffic.FRAMES.encode(
                            FrameTraffic.frame("bad", 2, FrameEncoding.UNKNOWN, new byte[] {1}, 48, 40)));
            traffic.send(
                    topic,
                    "bad",
                    FrameTraffic.FRAMES.encode(
                            FrameTraffic.frame("bad", 4, FrameEncoding.JPEG, new byte[100_000], 48, 40)));
            traffic.send(
                    topic,
                    "bad",
                    FrameTraffic.FRAMES.encode(
                            FrameTraffic.frame("bad", 6, FrameEncoding.PNG, png(60000, 60000), 60000, 60000)));
            traffic.send(
                    topic,
                    "bad",
                    FrameTraffic.FRAMES.encode(FrameTraffic.frame("", 8, FrameEncoding.JPEG, new byte[] {1}, 48, 40)));
            traffic.sendFrames(topic, cameras, frames / 2, frames);

            List<List<Long>> expected = FrameTraffic.expectedWindows(frames, T, STRIDE, HOP);
            List<ActionEvent> events = traffic.read(
                    cfg.topics().actions(),
                    cameras * expected.size(),
                    Duration.ofSeconds(90),
                    FrameTraffic.decoder(FrameTraffic.ACTIONS));
            Map<String, List<List<Long>>> byCamera = windowsByCamera(events);
            assertThat(byCamera.keySet()).containsExactly("cam-0", "cam-1", "cam-2");
            byCamera.values().forEach(windows -> assertThat(windows).containsExactlyElementsOf(expected));

            ActionEvent first = events.get(0);
            assertThat(first.getStride()).isEqualTo(STRIDE);
            assertThat(first.getTop()).hasSize(3);
            assertThat(first.getTop().get(0).getScore()).isBetween(0f, 1f);
            assertThat(first.getTop()).extracting(Label::getLabel).allMatch(l -> l.startsWith("LABEL_"));
            assertThat(first.getModel().getProvider()).isEqualTo("CPU");
            assertThat(first.getEventId())
                    .startsWith(
                            first.getCameraId() + ":" + first.getSampledSeqs().get(0) + "-");
            assertThat(first.getKeyframeSeq()).isEqualTo(first.getSampledSeqs().get(T / 2));
            assertThat(first.getWindowEnd()).isAfter(first.getWindowStart());
            assertThat(events).extracting(ActionEvent::getEventId).doesNotHaveDuplicates();

            List<DeadLetter> dead = traffic.read(
                    cfg.topics().deadLetters(),
                    6,
                    Duration.ofSeconds(60),
                    FrameTraffic.decoder(FrameTraffic.DEAD_LETTERS));
            assertThat(dead)
                    .extracting(d -> d.getReason().name())
                    .containsExactlyInAnyOrder(
                            "NOT_AVRO",
                            "CORRUPT_IMAGE",
                            "UNKNOWN_ENCODING",
                            "OVERSIZED",
                            "IMAGE_TOO_LARGE",
                            "INVALID_FIELD");
            DeadLetter notAvro = dead.stream()
                    .filter(d -> d.getReason().name().equals("NOT_AVRO"))
                    .findFirst()
                    .orElseThrow();
            assertThat(notAvro.getSourceTopic()).isEqualTo(topic);
            assertThat(notAvro.getCameraId()).isEqualTo("bad");
            assertThat(new String(notAvro.getPayload().array())).isEqualTo("this is not avro at all");
            DeadLetter oversized = dead.stream()
                    .filter(d -> d.getReason().name().equals("OVERSIZED"))
                    .findFirst()
                    .orElseThrow();
            assertThat(oversized.getPayload().remaining()).isEqualTo(1024);
            assertThat(oversized.getPayloadSize()).isGreaterThan(100_000);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            Set<String> wanted = Set.of(
                    MetricNames.FRAMES_RECEIVED,
                    MetricNames.FRAMES_DECODED,
                    MetricNames.FRAMES_SKIPPED,
                    MetricNames.FRAMES_DROPPED,
                    MetricNames.WINDOWS_EMITTED,
                    MetricNames.DEAD_LETTERS,
                    MetricNames.ACTIVE_CAMERAS,
                    MetricNames.BATCH_SIZE + "_mean",
                    MetricNames.INFERENCE_LATENCY_MS + "_p99",
                    MetricNames.CAPTURE_TO_EMIT_LATENCY_MS + "_median");
            Map<String, Double> metrics = CLUSTER.metrics(job, wanted);
            assertThat(metrics).containsKeys(wanted.toArray(new String[0]));
            assertThat(metrics.get(MetricNames.WINDOWS_EMITTED)).isEqualTo(cameras * expected.size());
            assertThat(metrics.get(MetricNames.FRAMES_RECEIVED)).isEqualTo(cameras * frames + 6);
            // only sampled frames are decoded: every other frame is skipped undecoded
            assertThat(metrics.get(MetricNames.FRAMES_DECODED)).isEqualTo(cameras * (frames / STRIDE));
            assertThat(metrics.get(MetricNames.FRAMES_SKIPPED)).isEqualTo(cameras * (frames - frames / STRIDE));
            assertThat(metrics.get(MetricNames.DEAD_LETTERS)).isEqualTo(6);
            assertThat(metrics.get(MetricNames.ACTIVE_CAMERAS)).isEqualTo(cameras + 1);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void exactlyOnceAcrossATaskManagerFailure(@InjectMiniCluster MiniCluster cluster) throws Exception {
        JobConfig cfg = config("failover", Delivery.EXACTLY_ONCE, 4 << 20);
        JobClient job = submit(cfg);
        int cameras = 2;
        long frames = 72;
        List<List<Long>> expected = FrameTraffic.expectedWindows(frames, T, STRIDE, HOP);
        try (FrameTraffic traffic = new FrameTraffic(CLUSTER.bootstrapServers())) {
            traffic.sendFrames(cfg.topics().frames(), cameras, 0, frames / 2);
            // some events are committed before the failure
            List<ActionEvent> before = traffic.read(
                    cfg.topics().actions(), 2, Duration.ofSeconds(60), FrameTraffic.decoder(FrameTraffic.ACTIONS));
            assertThat(before).isNotEmpty();
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            traffic.sendFrames(cfg.topics().frames(), cameras, frames / 2, frames);

            List<ActionEvent> events = traffic.read(
                    cfg.topics().actions(),
                    cameras * expected.size(),
                    Duration.ofSeconds(120),
                    FrameTraffic.decoder(FrameTraffic.ACTIONS));
            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job restarted after losing its TaskManager")
                    .isPositive();
            Map<String, Long> perId = events.stream()
                    .collect(Collectors.groupingBy(ActionEvent::getEventId, LinkedHashMap::new, Collectors.counting()));
            Set<String> duplicated = perId.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(duplicated).as("events seen more than once").isEmpty();
            Map<String, List<List<Long>>> byCamera = windowsByCamera(events);
            assertThat(byCamera.keySet()).containsExactly("cam-0", "cam-1");
            byCamera.values()
                    .forEach(windows ->
                            assertThat(windows).as("no window lost or doubled").containsExactlyElementsOf(expected));
            LOG.info(
                    "failover: {} events expected, {} read, {} duplicated, {} lost",
                    cameras * expected.size(),
                    events.size(),
                    duplicated.size(),
                    cameras * expected.size() - perId.size());
        } finally {
            job.cancel().get();
        }
    }

    private static byte[] png(int width, int height) {
        byte[] png = new byte[33];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(signature, 0, png, 0, signature.length);
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        return Arrays.copyOf(png, 33);
    }
}
