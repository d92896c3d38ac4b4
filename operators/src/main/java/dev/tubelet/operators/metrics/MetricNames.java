package dev.tubelet.operators.metrics;

import java.util.List;

/**
 * The names of Tubelet's own metrics, in one place: the operators register them, the tests read
 * them back through Flink's REST API, and the Grafana dashboard and the README are checked
 * against them. Flink reports each under its operator (in Prometheus as
 * {@code flink_taskmanager_job_task_operator_<name>}); histograms add {@code _mean}, {@code _p99},
 * … in the REST API and a {@code quantile} label in Prometheus.
 */
public final class MetricNames {
    private MetricNames() {}

    // Frames (parse frames, strided windows)

    /** Counter: frame records read from Kafka, good or bad. */
    public static final String FRAMES_RECEIVED = "framesReceived";
    /** Counter: sampled frames decoded (only sampled frames are). */
    public static final String FRAMES_DECODED = "framesDecoded";
    /** Counter: frames not sampled, never decoded. */
    public static final String FRAMES_SKIPPED = "framesSkipped";
    /** Counter: frames dropped for any reason (the sum of the reasons below). */
    public static final String FRAMES_DROPPED = "framesDropped";
    /** Counter: frames dropped because their camera and sequence number were already taken. */
    public static final String FRAMES_DROPPED_DUPLICATE = "framesDroppedDuplicate";
    /** Counter: sampled frames that did not decode (each also a dead letter). */
    public static final String FRAMES_DROPPED_UNDECODABLE = "framesDroppedUndecodable";
    /** Counter: frames that came after their window gave up waiting for them (each also a dead letter, LATE). */
    public static final String FRAMES_DROPPED_LATE = "framesDroppedLate";
    /** Counter: frames of new cameras beyond max-cameras-per-subtask (each also a dead letter, CAMERA_LIMIT). */
    public static final String FRAMES_DROPPED_CAMERA_LIMIT = "framesDroppedCameraLimit";
    /** Gauge: how long the job's broker has been unreachable, 0 while it answers (first parse subtask). */
    public static final String KAFKA_UNREACHABLE_MS = "kafkaUnreachableMs";
    /** Gauge: spells of 10 s or more the job's broker was unreachable, since the job started. */
    public static final String KAFKA_OUTAGES = "kafkaOutages";
    /** Counter: action segments opened (per camera, or per track with detection). */
    public static final String SEGMENTS_OPENED = "segmentsOpened";
    /** Counter: action segments closed. */
    public static final String SEGMENTS_CLOSED = "segmentsClosed";
    /** Counter: alerts fired, per rule (in the metric group "rule", by the rule's name). */
    public static final String ALERTS = "alerts";
    /** Counter: records sent to the dead letters. */
    public static final String DEAD_LETTERS = "deadLetters";

    // Windows

    /** Counter: windows emitted to the model. */
    public static final String WINDOWS_EMITTED = "windowsEmitted";
    /** Counter: windows restarted after a gap in a camera's sequence numbers. */
    public static final String WINDOW_RESTARTS = "windowRestarts";
    /**
     * Counter: cameras whose sequence numbers went back beyond the reorder window (the camera or its
     * ingest restarted): their window starts again from that frame.
     */
    public static final String CAMERA_RESTARTS = "cameraRestarts";
    /** Gauge: cameras with window state in the subtask. */
    public static final String ACTIVE_CAMERAS = "activeCameras";
    /** Gauge: bytes of planes the subtask keeps in memory for its windows (bounded by plane-cache-mb). */
    public static final String PLANE_CACHE_BYTES = "planeCacheBytes";
    /** Gauge: share of a window's frames whose planes were in memory, since the subtask started. */
    public static final String PLANE_CACHE_HIT_RATIO = "planeCacheHitRatio";
    /** Gauge: frames decoded again for a window because their planes were not in memory (after a restore, or evicted). */
    public static final String PLANE_CACHE_MISSES = "planeCacheMisses";
    /** Gauge: planes let go to stay within plane-cache-mb (more than a few: raise it). */
    public static final String PLANE_CACHE_EVICTIONS = "planeCacheEvictions";

    // CPU time by stage, nanoseconds since the subtask started (divide by framesReceived for a cost per frame)

    /** Gauge: CPU time parsing frame records (Avro, checks). */
    public static final String CPU_NANOS_PARSE = "cpuNanosParse";
    /** Gauge: CPU time decoding sampled frames (and decoding them again for windows). */
    public static final String CPU_NANOS_DECODE = "cpuNanosDecode";
    /** Gauge: CPU time resizing and cropping sampled frames to the model's input. */
    public static final String CPU_NANOS_RESIZE = "cpuNanosResize";
    /** Gauge: CPU time reading and writing the cameras' window state. */
    public static final String CPU_NANOS_STATE = "cpuNanosState";
    /** Gauge: CPU time filling the model's input tensors (normalization), this subtask's windows' share. */
    public static final String CPU_NANOS_NORMALIZE = "cpuNanosNormalize";
    /** Gauge: wall time of the model's runs, this subtask's windows' share (the model runs on its own threads). */
    public static final String NANOS_INFERENCE = "nanosInference";
    /** Gauge: CPU time turning results into Avro events for the sinks. */
    public static final String CPU_NANOS_SINK = "cpuNanosSink";

    // Classification

    /** Histogram: windows per classifier run. */
    public static final String BATCH_SIZE = "batchSize";
    /** Histogram: classifier run time, milliseconds. */
    public static final String INFERENCE_LATENCY_MS = "inferenceLatencyMs";
    /** Histogram: capture of a window's last frame to its action event, milliseconds. */
    public static final String CAPTURE_TO_EMIT_LATENCY_MS = "captureToEmitLatencyMs";

    // Detection

    /** Histogram: boxes on a window's keyframe. */
    public static final String BOXES_PER_WINDOW = "boxesPerWindow";
    /** Histogram: person detector run time on a keyframe, milliseconds. */
    public static final String DETECTOR_LATENCY_MS = "detectorLatencyMs";
    /** Counter: person detector runs (keyframes only, and only of cameras whose frames carry no boxes). */
    public static final String DETECTOR_RUNS = "detectorRuns";
    /** Histogram: windows per detection model run. */
    public static final String DETECTION_BATCH_SIZE = "detectionBatchSize";
    /** Histogram: detection model run time, milliseconds. */
    public static final String DETECTION_LATENCY_MS = "detectionLatencyMs";
    /** Gauge: live tracks over the subtask's cameras. */
    public static final String ACTIVE_TRACKS = "activeTracks";
    /** Histogram: capture of a window's last frame to its detection event, milliseconds. */
    public static final String DETECTION_CAPTURE_TO_EMIT_LATENCY_MS = "detectionCaptureToEmitLatencyMs";

    // Anomaly score

    /** Histogram: windows per anomaly model run. */
    public static final String ANOMALY_BATCH_SIZE = "anomalyBatchSize";
    /** Histogram: anomaly model run time, milliseconds. */
    public static final String ANOMALY_LATENCY_MS = "anomalyLatencyMs";
    /** Histogram: windows' reconstruction scores, in thousandths (a histogram counts whole numbers). */
    public static final String ANOMALY_SCORE = "anomalyScore";
    /** Gauge: the z-score of the subtask's last window (after its camera's warm-up; 0 before). */
    public static final String ANOMALY_Z = "anomalyZ";
    /** Histogram: capture of a window's last frame to its anomaly event, milliseconds. */
    public static final String ANOMALY_CAPTURE_TO_EMIT_LATENCY_MS = "anomalyCaptureToEmitLatencyMs";

    /** @return every name above */
    public static List<String> all() {
        return List.of(
                FRAMES_RECEIVED,
                FRAMES_DECODED,
                FRAMES_SKIPPED,
                FRAMES_DROPPED,
                FRAMES_DROPPED_DUPLICATE,
                FRAMES_DROPPED_UNDECODABLE,
                FRAMES_DROPPED_LATE,
                FRAMES_DROPPED_CAMERA_LIMIT,
                DEAD_LETTERS,
                KAFKA_UNREACHABLE_MS,
                SEGMENTS_OPENED,
                SEGMENTS_CLOSED,
                ALERTS,
                KAFKA_OUTAGES,
                WINDOWS_EMITTED,
                WINDOW_RESTARTS,
                CAMERA_RESTARTS,
                ACTIVE_CAMERAS,
                PLANE_CACHE_BYTES,
                PLANE_CACHE_HIT_RATIO,
                PLANE_CACHE_MISSES,
                PLANE_CACHE_EVICTIONS,
                CPU_NANOS_PARSE,
                CPU_NANOS_DECODE,
                CPU_NANOS_RESIZE,
                CPU_NANOS_STATE,
                CPU_NANOS_NORMALIZE,
                NANOS_INFERENCE,
                CPU_NANOS_SINK,
                BATCH_SIZE,
                INFERENCE_LATENCY_MS,
                CAPTURE_TO_EMIT_LATENCY_MS,
                BOXES_PER_WINDOW,
                DETECTOR_LATENCY_MS,
                DETECTOR_RUNS,
                DETECTION_BATCH_SIZE,
                DETECTION_LATENCY_MS,
                ACTIVE_TRACKS,
                DETECTION_CAPTURE_TO_EMIT_LATENCY_MS,
                ANOMALY_BATCH_SIZE,
                ANOMALY_LATENCY_MS,
                ANOMALY_SCORE,
                ANOMALY_Z,
                ANOMALY_CAPTURE_TO_EMIT_LATENCY_MS);
    }
}
