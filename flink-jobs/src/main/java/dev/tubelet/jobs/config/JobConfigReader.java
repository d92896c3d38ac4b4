package dev.tubelet.jobs.config;

import static dev.tubelet.jobs.config.JobOptions.*;

import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.model.runtime.CudnnConvAlgoSearch;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ProviderPreference;
import dev.tubelet.operators.alerts.AlertRules;
import dev.tubelet.operators.boxes.BoxSourceSpec;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.AnomalySpec;
import dev.tubelet.operators.inference.DetectionSpec;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.segments.SegmentSpec;
import dev.tubelet.operators.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Option values (as text, the way a properties file, the command line or a cluster's arguments
 * give them) into a {@link JobConfig}. Missing options take their defaults from
 * {@link JobOptions}; an unknown key, a value of the wrong type or out of range stops with one
 * line naming the option, what was expected and what was found.
 *
 * <pre>{@code
 * JobConfig cfg = JobConfigReader.read(Map.of("bootstrap", "kafka:9092", "model", "/models/k400", "stride", "2"));
 * }</pre>
 */
public final class JobConfigReader {
    private final Configuration values;

    private JobConfigReader(Map<String, String> values) {
        this.values = Configuration.fromMap(values);
    }

    /**
     * @param values option values by key (no dashes)
     * @return the job's configuration
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public static JobConfig read(Map<String, String> values) {
        checkKeys(values);
        return new JobConfigReader(values).jobConfig();
    }

    /**
     * Reads only where a model runs, for the commands that run a model outside the job.
     *
     * @param values option values by key (keys of other options are ignored)
     * @return the execution options
     * @throws IllegalArgumentException for a bad value
     */
    public static ExecutionOptions execution(Map<String, String> values) {
        return new JobConfigReader(values).execution();
    }

    /** @throws IllegalArgumentException naming the first key that is no option */
    static void checkKeys(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (JobOptions.find(key).isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown option '" + key + "'; expected one of " + JobOptions.keys());
            }
        }
    }

    private JobConfig jobConfig() {
        ExecutionOptions execution = execution();
        JobConfig.Builder b = JobConfig.builder()
                .bootstrap(values.get(BOOTSTRAP))
                .kafka(kafka(values.get(KAFKA_CONFIG)))
                .topics(new JobConfig.Topics(
                        get(FRAMES_TOPIC),
                        get(ACTIONS_TOPIC),
                        get(DETECTIONS_TOPIC),
                        get(DEAD_LETTERS_TOPIC),
                        get(SEGMENTS_TOPIC),
                        get(ALERTS_TOPIC),
                        get(ANOMALIES_TOPIC)))
                .rules(
                        values.get(RULES) == null || values.get(RULES).isBlank()
                                ? AlertRules.none()
                                : AlertRules.read(Path.of(values.get(RULES).strip())))
                .segments(new SegmentSpec(
                        get(SEGMENT_OPEN_SCORE),
                        get(SEGMENT_CLOSE_SCORE),
                        get(SEGMENT_MIN_WINDOWS),
                        get(SEGMENT_MAX_GAP_WINDOWS),
                        Duration.ofSeconds(get(IDLE_TIMEOUT_S))))
                .groupId(get(GROUP_ID))
                .topicWait(Duration.ofSeconds(get(TOPIC_WAIT_S)))
                .fetchWait(Duration.ofMillis(get(FETCH_WAIT_MS)))
                .startingOffsets(get(STARTING_OFFSETS).strip().toLowerCase(Locale.ROOT))
                .delivery(Delivery.parse(get(DELIVERY)))
                .checkpointInterval(Duration.ofMillis(get(CHECKPOINT_INTERVAL_MS)))
                .checkpointDir(checkpointUri(values.get(CHECKPOINT_DIR)))
                .parallelism(get(PARALLELISM))
                .window(window())
                .limits(new FrameLimits(
                        get(MAX_MESSAGE_BYTES),
                        get(MAX_PIXELS),
                        FrameLimits.defaults().maxDeadLetterPayload(),
                        get(MAX_BOXES),
                        Duration.ofSeconds(get(MAX_CLOCK_SKEW_S)),
                        get(MAX_CAMERAS_PER_SUBTASK)))
                .exactDecode(get(EXACT_DECODE))
                .planeCacheBytes(get(PLANE_CACHE_MB) << 20);
        String model = values.get(MODEL);
        if (model != null) {
            b.inference(new InferenceSpec(
                    absolute(model), execution, get(MAX_BATCH), Duration.ofMillis(get(MAX_WAIT_MS)), get(TOP)));
        }
        String detectModel = values.get(DETECT_MODEL);
        Map<String, BoxSourceSpec> perCamera = cameraBoxes();
        if (detectModel == null) {
            if (!perCamera.isEmpty()) {
                throw new IllegalArgumentException(
                        "camera-boxes: box sources need detection on; expected --detect-model DIR as well, found none");
            }
        } else {
            BoxSources sources = new BoxSources(
                    BoxSourceSpec.parse(get(BOXES)),
                    perCamera,
                    MotionProposer.Settings.defaults()
                            .withThreshold(get(MOTION_THRESHOLD))
                            .withMinArea(get(MOTION_MIN_AREA)),
                    new BoxSources.DetectorSettings(
                            get(DETECTOR_CLASS),
                            get(DETECTOR_SCORE),
                            get(DETECTOR_IOU),
                            BoxSources.DetectorSettings.defaults().maxBoxes()),
                    execution);
            DetectionSpec detection = new DetectionSpec(
                    new InferenceSpec(
                            absolute(detectModel),
                            execution,
                            get(MAX_BATCH),
                            Duration.ofMillis(get(MAX_WAIT_MS)),
                            get(ACTIONS_PER_BOX)),
                    get(ACTION_THRESHOLD));
            b.detection(detection, sources);
        }
        String anomalyModel = values.get(ANOMALY_MODEL);
        if (anomalyModel != null) {
            b.anomaly(new AnomalySpec(
                    new InferenceSpec(
                            absolute(anomalyModel), execution, get(MAX_BATCH), Duration.ofMillis(get(MAX_WAIT_MS)), 1),
                    get(ANOMALY_HALF_LIFE_WINDOWS),
                    get(ANOMALY_WARM_UP_WINDOWS)));
        }
        return b.build();
    }

    /** The file's settings, or none; a file that is missing or holds a bad key stops with one line. */
    static KafkaClientConfig kafka(String file) {
        return file == null || file.isBlank()
                ? KafkaClientConfig.none()
                : KafkaClientConfig.load(Path.of(file.strip()));
    }

    private WindowSpec window() {
        WindowSpec.Builder window = WindowSpec.builder()
                .stride(get(STRIDE))
                .hop(get(HOP))
                .targetSampleRate(get(TARGET_FPS))
                .maxReorder(get(MAX_REORDER))
                .maxGap(get(MAX_GAP))
                .idleTimeout(Duration.ofSeconds(get(IDLE_TIMEOUT_S)));
        long span = get(UNIFORM_SPAN_MS);
        if (span > 0) {
            window.uniformSpan(Duration.ofMillis(span));
        }
        return window.build();
    }

    private ExecutionOptions execution() {
        return ExecutionOptions.builder()
                .provider(ProviderPreference.parse(get(PROVIDER)))
                .requireGpu(get(REQUIRE_GPU))
                .cudaDeviceId(get(DEVICE))
                .gpuMemoryLimitBytes(get(GPU_MEM_LIMIT))
                .cudnnConvAlgoSearch(CudnnConvAlgoSearch.parse(get(CUDNN_SEARCH)))
                .tensorRtFp16(get(TRT_FP16))
                .tensorRtEngineCacheDir(values.get(TRT_CACHE))
                .intraOpThreads(get(THREADS))
                .build();
    }

    /** {@code CAMERA=SOURCE,CAMERA=SOURCE}, in order. */
    private Map<String, BoxSourceSpec> cameraBoxes() {
        Map<String, BoxSourceSpec> out = new LinkedHashMap<>();
        String text = values.get(CAMERA_BOXES);
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(
                        "camera-boxes: expected CAMERA=SOURCE, found '" + pair.strip() + "'");
            }
            out.put(pair.substring(0, eq).strip(), BoxSourceSpec.parse(pair.substring(eq + 1)));
        }
        return out;
    }

    /** The option's value, or its default; a value that does not parse is named with what was expected. */
    private <T> T get(ConfigOption<T> option) {
        try {
            return values.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + ": expected " + expected(option) + ", found '"
                            + values.toMap().get(option.key()) + "'",
                    e);
        }
    }

    private static String expected(ConfigOption<?> option) {
        Object example = option.defaultValue();
        if (example instanceof Integer || example instanceof Long) {
            return "a whole number";
        }
        if (example instanceof Float || example instanceof Double) {
            return "a number";
        }
        if (example instanceof Boolean) {
            return "true or false";
        }
        return "a value";
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().toString();
    }

    /**
     * Flink wants a URI with a scheme; a plain path is a local directory, so say so for it
     * ({@code /var/ckpt} → {@code file:///var/ckpt}, relative paths from the working directory).
     */
    static String checkpointUri(String value) {
        if (value == null || value.isBlank() || value.contains("://")) {
            return value;
        }
        return java.nio.file.Path.of(value.strip())
                .toAbsolutePath()
                .normalize()
                .toUri()
                .toString();
    }
}
