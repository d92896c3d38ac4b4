package dev.tubelet.jobs.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.segments.SegmentSpec;
import dev.tubelet.operators.window.StridedWindowAssembler;
import dev.tubelet.operators.window.WindowSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option of the streaming job, defined once: its key, type, default and description. The
 * command line ({@code tubelet job --help}), a properties file ({@code --config}), the cluster
 * entry point and the documentation all read these constants; {@link JobConfigReader} turns
 * values into a {@link JobConfig}. Defaults that a building block already has (the window's,
 * the frame limits', the motion proposer's, ONNX Runtime's) are taken from it, not repeated.
 *
 * <p>Keys are the command line's flags without the dashes, as a properties file writes them:
 *
 * <pre>{@code
 * stride=4
 * delivery=at-least-once
 * checkpoint-interval-ms=2000
 * }</pre>
 */
public final class JobOptions {
    private static final WindowSpec WINDOW = WindowSpec.defaults();
    private static final FrameLimits LIMITS = FrameLimits.defaults();
    private static final SegmentSpec SEGMENTS = SegmentSpec.defaults();
    private static final ExecutionOptions EXECUTION = ExecutionOptions.auto();
    private static final MotionProposer.Settings MOTION = MotionProposer.Settings.defaults();
    private static final BoxSources.DetectorSettings DETECTOR = BoxSources.DetectorSettings.defaults();

    private JobOptions() {}

    // Kafka

    public static final ConfigOption<String> BOOTSTRAP = key("bootstrap")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka bootstrap servers (tubelet job without it, and without bootstrap.servers in "
                    + "--kafka-config, starts an embedded Kafka on --kafka-port).");
    public static final ConfigOption<String> KAFKA_CONFIG = key("kafka-config")
            .stringType()
            .noDefaultValue()
            .withDescription("Kafka client settings for the source and the sinks, a properties file "
                    + "(security.protocol, ssl.*, sasl.*; secrets through Kafka's config providers, "
                    + "${file:…} or ${env:…}, resolved where each client runs); its bootstrap.servers "
                    + "stands in for --bootstrap. Read where the job is built (on a cluster, the JobManager); the "
                    + "files it names (truststore, secrets) must be on every TaskManager too.");
    public static final ConfigOption<String> GROUP_ID = key("group-id")
            .stringType()
            .defaultValue("tubelet")
            .withDescription("Consumer group of the frames source; also names the sinks' transactional ids.");
    public static final ConfigOption<String> STARTING_OFFSETS = key("starting-offsets")
            .stringType()
            .defaultValue("earliest")
            .withDescription(
                    "Where a new job starts reading frames: earliest, latest, or the group's committed offsets.");
    public static final ConfigOption<Long> FETCH_WAIT_MS = key("fetch-wait-ms")
            .longType()
            .defaultValue(25L)
            .withDescription("Longest a frames fetch waits for 256 KB of frames before it returns: fewer, fuller "
                    + "fetches cost the broker and the job far less CPU than one per frame; 0 = return at once.");
    public static final ConfigOption<String> FRAMES_TOPIC = key("frames-topic")
            .stringType()
            .defaultValue("tubelet.frames")
            .withDescription("Topic the frames come from.");
    public static final ConfigOption<String> ACTIONS_TOPIC = key("actions-topic")
            .stringType()
            .defaultValue("tubelet.actions")
            .withDescription("Topic the action events go to.");
    public static final ConfigOption<String> DETECTIONS_TOPIC = key("detections-topic")
            .stringType()
            .defaultValue("tubelet.detections")
            .withDescription("Topic the detection events go to (with --detect-model).");
    public static final ConfigOption<String> SEGMENTS_TOPIC = key("segments-topic")
            .stringType()
            .defaultValue("tubelet.segments")
            .withDescription("Topic the action segments go to (OPEN, then CLOSED).");
    public static final ConfigOption<String> ALERTS_TOPIC = key("alerts-topic")
            .stringType()
            .defaultValue("tubelet.alerts")
            .withDescription("Topic the alerts of --rules go to.");
    public static final ConfigOption<String> ANOMALIES_TOPIC = key("anomalies-topic")
            .stringType()
            .defaultValue("tubelet.anomalies")
            .withDescription("Topic the anomaly events go to (with --anomaly-model).");
    public static final ConfigOption<String> DEAD_LETTERS_TOPIC = key("dead-letters-topic")
            .stringType()
            .defaultValue("tubelet.dead-letters")
            .withDescription("Topic bad records go to, with their reason.");

    public static final ConfigOption<Long> TOPIC_WAIT_S = key("topic-wait-s")
            .longType()
            .defaultValue(300L)
            .withDescription(
                    "On a cluster, how long the job waits at start for its topics to exist (created by Strimzi "
                            + "or compose after the job's pods start); 0 = check once.");

    // Delivery and checkpoints

    public static final ConfigOption<String> DELIVERY = key("delivery")
            .stringType()
            .defaultValue("exactly-once")
            .withDescription(
                    "exactly-once: transactional sinks, events visible at each checkpoint; at-least-once: lower "
                            + "latency, consumers de-duplicate on event_id.");
    public static final ConfigOption<Long> CHECKPOINT_INTERVAL_MS = key("checkpoint-interval-ms")
            .longType()
            .defaultValue(5000L)
            .withDescription("Checkpoint interval; with exactly-once also the bound on event latency.");
    public static final ConfigOption<String> CHECKPOINT_DIR = key("checkpoint-dir")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Checkpoint storage: a URI (file:///var/tubelet/checkpoints, s3://…) or a local path (default: on a cluster its "
                            + "execution.checkpointing.dir, locally a temporary directory).");
    public static final ConfigOption<Integer> PARALLELISM =
            key("parallelism").intType().defaultValue(1).withDescription("Job parallelism; 0 = the cluster's default.");

    // Windows

    public static final ConfigOption<Integer> STRIDE =
            key("stride").intType().defaultValue(WINDOW.stride()).withDescription("Frames between sampled frames.");
    public static final ConfigOption<Integer> HOP = key("hop")
            .intType()
            .defaultValue(WINDOW.hop())
            .withDescription("Sampled frames between consecutive windows.");
    public static final ConfigOption<Double> TARGET_FPS = key("target-fps")
            .doubleType()
            .defaultValue(WINDOW.targetSampleRate())
            .withDescription(
                    "Sampled frames per second wanted: picks each camera's stride from its fps; 0 = use --stride.");
    public static final ConfigOption<Long> UNIFORM_SPAN_MS = key("uniform-span-ms")
            .longType()
            .defaultValue(0L)
            .withDescription(
                    "Uniform sampling: the window's frames spread over this span (Something-Something V2 style); "
                            + "0 = strided.");
    public static final ConfigOption<Integer> MAX_REORDER = key("max-reorder")
            .intType()
            .defaultValue(WINDOW.maxReorder())
            .withDescription("Out-of-order frames held back per camera, waiting for a missing one.");
    public static final ConfigOption<Integer> MAX_GAP = key("max-gap")
            .intType()
            .defaultValue(WINDOW.maxGap())
            .withDescription("A jump of more sequence numbers restarts the camera's window.");
    public static final ConfigOption<Long> PLANE_CACHE_MB = key("plane-cache-mb")
            .longType()
            .defaultValue(StridedWindowAssembler.DEFAULT_PLANE_CACHE_BYTES >> 20)
            .withDescription("Memory per window subtask for the planes of its windows' frames (~2.4 MB a camera "
                    + "at 16 frames of 224x224); frames beyond it are decoded again when a window needs them.");
    // Segments

    public static final ConfigOption<String> RULES = key("rules")
            .stringType()
            .noDefaultValue()
            .withDescription("Alert rules, a YAML file (README, \"The streaming job\"): each fires once per "
                    + "matching segment when it has lasted min-duration-s, at most once per cooldown-s; a bad rule "
                    + "stops the job at start with one line naming the rule and the field.");
    public static final ConfigOption<Double> SEGMENT_OPEN_SCORE = key("segment-open-score")
            .doubleType()
            .defaultValue(SEGMENTS.openScore())
            .withDescription(
                    "A label's segment opens when it scores at least this in segment-min-windows windows in a row.");
    public static final ConfigOption<Double> SEGMENT_CLOSE_SCORE = key("segment-close-score")
            .doubleType()
            .defaultValue(SEGMENTS.closeScore())
            .withDescription("An open segment goes on while its label scores at least this; it closes after "
                    + "segment-max-gap-windows windows below it, or when the camera goes idle (idle-timeout-s).");
    public static final ConfigOption<Integer> SEGMENT_MIN_WINDOWS = key("segment-min-windows")
            .intType()
            .defaultValue(SEGMENTS.minWindows())
            .withDescription("Windows in a row at segment-open-score or more that open a segment.");
    public static final ConfigOption<Integer> SEGMENT_MAX_GAP_WINDOWS = key("segment-max-gap-windows")
            .intType()
            .defaultValue(SEGMENTS.maxGapWindows())
            .withDescription("Windows in a row below segment-close-score that close a segment.");

    public static final ConfigOption<Long> IDLE_TIMEOUT_S = key("idle-timeout-s")
            .longType()
            .defaultValue(WINDOW.idleTimeout().toSeconds())
            .withDescription("A silent camera's state is released after this.");

    // Model and batching

    public static final ConfigOption<String> MODEL = key("model")
            .stringType()
            .noDefaultValue()
            .withDescription("Model directory or .onnx file (required; the same path on every TaskManager).");
    public static final ConfigOption<Integer> MAX_BATCH = key("max-batch")
            .intType()
            .defaultValue(0)
            .withDescription("Most windows per model run; 0 = the provider's default: 32 on a GPU (which needs "
                    + "full batches to be busy), 8 on CPU.");
    public static final ConfigOption<Long> MAX_WAIT_MS =
            key("max-wait-ms").longType().defaultValue(20L).withDescription("Longest wait for a batch to fill.");
    public static final ConfigOption<Integer> TOP =
            key("top").intType().defaultValue(5).withDescription("Labels per action event.");

    // Model runtime (also taken by classify and the benchmarks)

    public static final ConfigOption<String> PROVIDER = key("provider")
            .stringType()
            .defaultValue(EXECUTION.provider().name().toLowerCase(java.util.Locale.ROOT))
            .withDescription("Execution provider: auto = CUDA when this build has it and a GPU answers, else CPU.");
    public static final ConfigOption<Boolean> REQUIRE_GPU = key("require-gpu")
            .booleanType()
            .defaultValue(EXECUTION.requireGpu())
            .withDescription("Fail instead of falling back to CPU when no GPU provider works.");
    public static final ConfigOption<Integer> DEVICE =
            key("device").intType().defaultValue(EXECUTION.cudaDeviceId()).withDescription("CUDA device id.");
    public static final ConfigOption<Long> GPU_MEM_LIMIT = key("gpu-mem-limit")
            .longType()
            .defaultValue(EXECUTION.gpuMemoryLimitBytes())
            .withDescription("CUDA memory arena limit in bytes; 0 = none.");
    public static final ConfigOption<String> CUDNN_SEARCH = key("cudnn-search")
            .stringType()
            .defaultValue(EXECUTION.cudnnConvAlgoSearch().name())
            .withDescription("cuDNN convolution algorithm search.");
    public static final ConfigOption<Boolean> TRT_FP16 = key("trt-fp16")
            .booleanType()
            .defaultValue(EXECUTION.tensorRtFp16())
            .withDescription("With --provider tensorrt: let TensorRT run in float16.");
    public static final ConfigOption<String> TRT_CACHE = key("trt-cache")
            .stringType()
            .noDefaultValue()
            .withDescription("With --provider tensorrt: cache built engines here (saves minutes per start).");
    public static final ConfigOption<Integer> THREADS = key("threads")
            .intType()
            .defaultValue(EXECUTION.intraOpThreads())
            .withDescription("CPU intra-op threads; 0 = one per core.");

    // Frames

    public static final ConfigOption<Integer> MAX_MESSAGE_BYTES = key("max-message-bytes")
            .intType()
            .defaultValue(LIMITS.maxMessageBytes())
            .withDescription("Larger frame messages are dead letters (OVERSIZED).");
    public static final ConfigOption<Long> MAX_PIXELS = key("max-pixels")
            .longType()
            .defaultValue(LIMITS.maxPixels())
            .withDescription("Larger images are dead letters (IMAGE_TOO_LARGE), refused before decoding.");
    public static final ConfigOption<Integer> MAX_BOXES = key("max-boxes")
            .intType()
            .defaultValue(LIMITS.maxBoxes())
            .withDescription("Frames with more upstream boxes are dead letters (INVALID_FIELD).");
    public static final ConfigOption<Integer> MAX_CAMERAS_PER_SUBTASK = key("max-cameras-per-subtask")
            .intType()
            .defaultValue(LIMITS.maxCamerasPerSubtask())
            .withDescription("Cameras one window subtask keeps at most; frames of a new camera beyond it are dead "
                    + "letters (CAMERA_LIMIT, metric framesDroppedCameraLimit) until an idle camera's state is "
                    + "released. 0 = a quarter of the TaskManager's heap at 1 MB per camera (16 to 100000).");
    public static final ConfigOption<Long> MAX_CLOCK_SKEW_S = key("max-clock-skew-s")
            .longType()
            .defaultValue(LIMITS.maxClockSkew().toSeconds())
            .withDescription("Frames captured further ahead of the job's clock are dead letters (INVALID_FIELD), as "
                    + "are capture times before 1970, a camera id over 128 bytes or with control characters, and an "
                    + "fps outside 0..1000.");
    public static final ConfigOption<Boolean> EXACT_DECODE = key("exact-decode")
            .booleanType()
            .defaultValue(false)
            .withDescription("Decode every JPEG at full size (no DCT-scaled decoding of large frames).");

    // Detection

    public static final ConfigOption<String> DETECT_MODEL = key("detect-model")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Spatio-temporal action detection beside classification: a detection model (tubelet gen-model "
                            + "--task detect) scores the boxes on each window's keyframe; DetectionEvents with track ids go to "
                            + "--detections-topic.");
    public static final ConfigOption<String> BOXES = key("boxes")
            .stringType()
            .defaultValue("motion")
            .withDescription(
                    "Where keyframes get boxes when their frames carry none (boxes in a frame are always used as "
                            + "given): motion (moving regions, static cameras, no model), detector:PATH (a YOLO .onnx, person class), "
                            + "or upstream (only the frames' own).");
    public static final ConfigOption<String> CAMERA_BOXES = key("camera-boxes")
            .stringType()
            .noDefaultValue()
            .withDescription("Box source for one camera, overriding --boxes (repeat, or comma-separate): "
                    + "e.g. lobby=motion,gate=detector:yolo.onnx.");
    public static final ConfigOption<Float> ACTION_THRESHOLD = key("action-threshold")
            .floatType()
            .defaultValue(0.3f)
            .withDescription("Lowest sigmoid score of an action reported for a box.");
    public static final ConfigOption<Integer> ACTIONS_PER_BOX =
            key("actions-per-box").intType().defaultValue(5).withDescription("Most actions per box.");
    public static final ConfigOption<Integer> DETECTOR_CLASS = key("detector-class")
            .intType()
            .defaultValue(DETECTOR.classId())
            .withDescription("Class the detector keeps (0 = person in COCO-trained YOLO models; -1 = all).");
    public static final ConfigOption<Float> DETECTOR_SCORE = key("detector-score")
            .floatType()
            .defaultValue(DETECTOR.scoreThreshold())
            .withDescription("Lowest detector box score.");
    public static final ConfigOption<Float> DETECTOR_IOU = key("detector-iou")
            .floatType()
            .defaultValue(DETECTOR.iouThreshold())
            .withDescription("Detector NMS overlap threshold.");
    public static final ConfigOption<Integer> MOTION_THRESHOLD = key("motion-threshold")
            .intType()
            .defaultValue(MOTION.threshold())
            .withDescription("Colour difference from the background that counts as motion, 0-255.");
    public static final ConfigOption<Float> MOTION_MIN_AREA = key("motion-min-area")
            .floatType()
            .defaultValue(MOTION.minArea())
            .withDescription("Smallest moving region, as a fraction of the frame.");

    // Anomaly score

    public static final ConfigOption<String> ANOMALY_MODEL = key("anomaly-model")
            .stringType()
            .noDefaultValue()
            .withDescription("Score every window with an anomaly model (tubelet import of a VideoMAE pretraining "
                    + "checkpoint): how badly its masked autoencoder reconstructs the window, against the camera's "
                    + "own baseline; AnomalyEvents go to --anomalies-topic. It takes the classifier's frames.");
    public static final ConfigOption<Integer> ANOMALY_HALF_LIFE_WINDOWS = key("anomaly-half-life-windows")
            .intType()
            .defaultValue(120)
            .withDescription("Windows after which a score's weight in its camera's baseline has halved (120: about "
                    + "4 minutes at 15 fps, stride 4, hop 8).");
    public static final ConfigOption<Integer> ANOMALY_WARM_UP_WINDOWS = key("anomaly-warm-up-windows")
            .intType()
            .defaultValue(20)
            .withDescription("Windows a camera's baseline must have seen before its z-scores count (events say "
                    + "warming_up before; alert rules ignore them).");

    /** Where a model runs: the job's, and those of every command that runs a model. */
    public static final OptionGroup RUNTIME = new OptionGroup(
            "Model runtime",
            List.of(
                    OptionGroup.value(PROVIDER, "auto|cpu|cuda|tensorrt"),
                    OptionGroup.flag(REQUIRE_GPU),
                    OptionGroup.value(DEVICE, "N"),
                    OptionGroup.value(GPU_MEM_LIMIT, "BYTES"),
                    OptionGroup.value(CUDNN_SEARCH, "EXHAUSTIVE|HEURISTIC|DEFAULT"),
                    OptionGroup.flag(TRT_FP16),
                    OptionGroup.value(TRT_CACHE, "DIR"),
                    OptionGroup.value(THREADS, "N")));

    /** The options in the order the help and the documentation show them, by group. */
    public static final List<OptionGroup> GROUPS = List.of(
            new OptionGroup(
                    "Kafka",
                    List.of(
                            OptionGroup.value(BOOTSTRAP, "HOST:PORT"),
                            OptionGroup.value(KAFKA_CONFIG, "FILE"),
                            OptionGroup.value(GROUP_ID, "ID"),
                            OptionGroup.value(STARTING_OFFSETS, "earliest|latest|committed"),
                            OptionGroup.value(FETCH_WAIT_MS, "MS"),
                            OptionGroup.value(FRAMES_TOPIC, "TOPIC"),
                            OptionGroup.value(ACTIONS_TOPIC, "TOPIC"),
                            OptionGroup.value(DETECTIONS_TOPIC, "TOPIC"),
                            OptionGroup.value(SEGMENTS_TOPIC, "TOPIC"),
                            OptionGroup.value(ALERTS_TOPIC, "TOPIC"),
                            OptionGroup.value(ANOMALIES_TOPIC, "TOPIC"),
                            OptionGroup.value(DEAD_LETTERS_TOPIC, "TOPIC"),
                            OptionGroup.value(TOPIC_WAIT_S, "S"))),
            new OptionGroup(
                    "Delivery and checkpoints",
                    List.of(
                            OptionGroup.value(DELIVERY, "exactly-once|at-least-once"),
                            OptionGroup.value(CHECKPOINT_INTERVAL_MS, "MS"),
                            OptionGroup.value(CHECKPOINT_DIR, "URI"),
                            OptionGroup.value(PARALLELISM, "N"))),
            new OptionGroup(
                    "Windows",
                    List.of(
                            OptionGroup.value(STRIDE, "TAU"),
                            OptionGroup.value(HOP, "H"),
                            OptionGroup.value(TARGET_FPS, "RATE"),
                            OptionGroup.value(UNIFORM_SPAN_MS, "MS"),
                            OptionGroup.value(MAX_REORDER, "N"),
                            OptionGroup.value(MAX_GAP, "N"),
                            OptionGroup.value(IDLE_TIMEOUT_S, "S"),
                            OptionGroup.value(PLANE_CACHE_MB, "MB"))),
            new OptionGroup(
                    "Segments and alerts",
                    List.of(
                            OptionGroup.value(RULES, "FILE"),
                            OptionGroup.value(SEGMENT_OPEN_SCORE, "P"),
                            OptionGroup.value(SEGMENT_CLOSE_SCORE, "P"),
                            OptionGroup.value(SEGMENT_MIN_WINDOWS, "N"),
                            OptionGroup.value(SEGMENT_MAX_GAP_WINDOWS, "N"))),
            new OptionGroup(
                    "Model and batching",
                    List.of(
                            OptionGroup.value(MODEL, "PATH"),
                            OptionGroup.value(MAX_BATCH, "B"),
                            OptionGroup.value(MAX_WAIT_MS, "MS"),
                            OptionGroup.value(TOP, "K"))),
            RUNTIME,
            new OptionGroup(
                    "Frames",
                    List.of(
                            OptionGroup.value(MAX_MESSAGE_BYTES, "BYTES"),
                            OptionGroup.value(MAX_PIXELS, "N"),
                            OptionGroup.value(MAX_BOXES, "N"),
                            OptionGroup.value(MAX_CLOCK_SKEW_S, "S"),
                            OptionGroup.value(MAX_CAMERAS_PER_SUBTASK, "N"),
                            OptionGroup.flag(EXACT_DECODE))),
            new OptionGroup(
                    "Detection",
                    List.of(
                            OptionGroup.value(DETECT_MODEL, "DIR"),
                            OptionGroup.value(BOXES, "upstream|motion|detector:PATH"),
                            OptionGroup.repeatable(CAMERA_BOXES, "CAMERA=SOURCE"),
                            OptionGroup.value(ACTION_THRESHOLD, "P"),
                            OptionGroup.value(ACTIONS_PER_BOX, "K"),
                            OptionGroup.value(DETECTOR_CLASS, "ID"),
                            OptionGroup.value(DETECTOR_SCORE, "P"),
                            OptionGroup.value(DETECTOR_IOU, "IOU"),
                            OptionGroup.value(MOTION_THRESHOLD, "LEVELS"),
                            OptionGroup.value(MOTION_MIN_AREA, "FRACTION"))),
            new OptionGroup(
                    "Anomaly score",
                    List.of(
                            OptionGroup.value(ANOMALY_MODEL, "DIR"),
                            OptionGroup.value(ANOMALY_HALF_LIFE_WINDOWS, "N"),
                            OptionGroup.value(ANOMALY_WARM_UP_WINDOWS, "N"))));

    /** @return every option, in the order of {@link #GROUPS} */
    public static List<OptionGroup.Entry> all() {
        return GROUPS.stream().flatMap(g -> g.entries().stream()).toList();
    }

    /** @return every key, sorted */
    public static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        all().forEach(e -> keys.add(e.key()));
        return keys;
    }

    /**
     * @param key an option key (no dashes)
     * @return the option, if there is one of that key
     */
    public static Optional<OptionGroup.Entry> find(String key) {
        return all().stream().filter(e -> e.key().equals(key)).findFirst();
    }
}
