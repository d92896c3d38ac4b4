package dev.tubelet.jobs.config;

import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.operators.alerts.AlertRules;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.AnomalySpec;
import dev.tubelet.operators.inference.DetectionSpec;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.segments.SegmentSpec;
import dev.tubelet.operators.window.WindowSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the streaming job is configured with, validated once when built. Read from options
 * with {@link JobConfigReader}, or built in code:
 *
 * <pre>{@code
 * JobConfig cfg = JobConfig.builder()
 *         .bootstrap("kafka:9092")
 *         .inference(new InferenceSpec("/models/k400", ExecutionOptions.auto(), 8, Duration.ofMillis(50), 5))
 *         .delivery(Delivery.AT_LEAST_ONCE)
 *         .build();
 * }</pre>
 *
 * <p>Everything not set keeps the default of its option in {@link JobOptions}.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bootstrap;
    private final KafkaClientConfig kafka;
    private final Topics topics;
    private final SegmentSpec segments;
    private final AlertRules rules;
    private final String groupId;
    private final String startingOffsets;
    private final Delivery delivery;
    private final Duration checkpointInterval;
    private final String checkpointDir;
    private final WindowSpec window;
    private final InferenceSpec inference;
    private final FrameLimits limits;
    private final boolean exactDecode;
    private final long planeCacheBytes;
    private final int parallelism;
    private final Duration inferenceTimeout;
    private final Duration topicWait;
    private final Duration fetchWait;
    /** Set explicitly, or null for {@code "tubelet-" + groupId}. */
    private final String transactionalIdPrefix;

    private final DetectionSpec detection;
    private final BoxSources boxes;
    private final AnomalySpec anomaly;

    private JobConfig(Builder b) {
        this.bootstrap = b.bootstrap;
        this.kafka = b.kafka;
        this.topics = b.topics;
        this.segments = b.segments;
        this.rules = b.rules;
        this.groupId = b.groupId;
        this.startingOffsets = b.startingOffsets;
        this.delivery = b.delivery;
        this.checkpointInterval = b.checkpointInterval;
        this.checkpointDir = b.checkpointDir;
        this.window = b.window;
        this.inference = b.inference;
        this.limits = b.limits;
        this.exactDecode = b.exactDecode;
        this.planeCacheBytes = b.planeCacheBytes;
        this.parallelism = b.parallelism;
        this.inferenceTimeout = b.inferenceTimeout;
        this.topicWait = b.topicWait;
        this.fetchWait = b.fetchWait;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.detection = b.detection;
        this.boxes = b.boxes;
        this.anomaly = b.anomaly;
    }

    /** @return a builder with every option at its default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrap = bootstrap;
        b.kafka = kafka;
        b.topics = topics;
        b.segments = segments;
        b.rules = rules;
        b.groupId = groupId;
        b.startingOffsets = startingOffsets;
        b.delivery = delivery;
        b.checkpointInterval = checkpointInterval;
        b.checkpointDir = checkpointDir;
        b.window = window;
        b.inference = inference;
        b.limits = limits;
        b.exactDecode = exactDecode;
        b.planeCacheBytes = planeCacheBytes;
        b.parallelism = parallelism;
        b.inferenceTimeout = inferenceTimeout;
        b.topicWait = topicWait;
        b.fetchWait = fetchWait;
        b.transactionalIdPrefix = transactionalIdPrefix;
        b.detection = detection;
        b.boxes = boxes;
        b.anomaly = anomaly;
        return b;
    }

    /**
     * @param frames the model's frames per clip
     * @return this configuration with windows of that many frames
     */
    public JobConfig withModelFrames(int frames) {
        return toBuilder().window(window.withFrames(frames)).build();
    }

    /** @return Kafka bootstrap servers */
    public String bootstrap() {
        return bootstrap;
    }

    /** @return when action segments open and close (their idle timeout is the window's) */
    public SegmentSpec segments() {
        return segments.withIdleTimeout(window.idleTimeout());
    }

    /** @return the alert rules (none: no alerts) */
    public AlertRules rules() {
        return rules;
    }

    /** @return the Kafka client settings every client of the job uses (security, timeouts) */
    public KafkaClientConfig kafka() {
        return kafka;
    }

    /** @return topic names */
    public Topics topics() {
        return topics;
    }

    /** @return consumer group of the frames source */
    public String groupId() {
        return groupId;
    }

    /** @return earliest, latest or committed (falling back to earliest) */
    public String startingOffsets() {
        return startingOffsets;
    }

    /** @return exactly-once or at-least-once */
    public Delivery delivery() {
        return delivery;
    }

    /** @return how often state is checkpointed (and, exactly-once, how often events become visible) */
    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** @return where checkpoints go (a Flink file system URI), or null for a temporary directory */
    public String checkpointDir() {
        return checkpointDir;
    }

    /** @return how frames become windows */
    public WindowSpec window() {
        return window;
    }

    /** @return the model and the batching */
    public InferenceSpec inference() {
        return inference;
    }

    /** @return bounds on frames */
    public FrameLimits limits() {
        return limits;
    }

    /** @return whether every JPEG is decoded at full size */
    public boolean exactDecode() {
        return exactDecode;
    }

    /** @return the bound of each window subtask's plane cache, bytes */
    public long planeCacheBytes() {
        return planeCacheBytes;
    }

    /** @return parallelism of the job, 0 for the environment's default */
    public int parallelism() {
        return parallelism;
    }

    /** @return how long a window may wait for the model before the job fails */
    public Duration inferenceTimeout() {
        return inferenceTimeout;
    }

    /** @return how long the job waits at start, on a cluster, for its topics to exist */
    public Duration topicWait() {
        return topicWait;
    }

    /** @return how long a frames fetch waits for 256 KB of frames */
    public Duration fetchWait() {
        return fetchWait;
    }

    /** @return prefix of the sinks' Kafka transactional ids (unique per job on a cluster) */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix != null ? transactionalIdPrefix : "tubelet-" + groupId;
    }

    /** @return the detection model beside the classifier, or null for no detection */
    public DetectionSpec detection() {
        return detection;
    }

    /** @return where keyframes get their boxes (with detection), or null */
    public BoxSources boxes() {
        return boxes;
    }

    /** @return the anomaly model beside the classifier and the baselines' settings, or null for none */
    public AnomalySpec anomaly() {
        return anomaly;
    }

    /** @return whether every window is scored by an anomaly model too */
    public boolean scoresAnomalies() {
        return anomaly != null;
    }

    /** @return whether detection runs beside classification */
    public boolean detects() {
        return detection != null;
    }

    @Override
    public String toString() {
        return "JobConfig[bootstrap=" + KafkaClientConfig.redactBootstrap(bootstrap) + ", kafka=" + kafka
                + ", topics=" + topics + ", groupId=" + groupId + ", startingOffsets="
                + startingOffsets
                + ", delivery=" + delivery + ", checkpointInterval=" + checkpointInterval + ", checkpointDir="
                + checkpointDir
                + ", window=" + window + ", segments=" + segments + ", rules=" + rules + ", inference=" + inference
                + ", limits=" + limits
                + ", exactDecode="
                + exactDecode + ", planeCacheMb=" + (planeCacheBytes >> 20)
                + ", parallelism=" + parallelism + ", inferenceTimeout=" + inferenceTimeout + ", topicWait=" + topicWait
                + ", fetchWait=" + fetchWait
                + ", transactionalIdPrefix="
                + transactionalIdPrefix() + ", detection=" + detection + ", boxes=" + boxes + ", anomaly=" + anomaly
                + "]";
    }

    /**
     * @param frames the frames topic
     * @param actions the action events topic
     * @param detections the detection events topic
     * @param deadLetters the dead-letter topic
     * @param segments the action segments topic
     * @param alerts the alerts topic
     * @param anomalies the anomaly events topic
     */
    public record Topics(
            String frames,
            String actions,
            String detections,
            String deadLetters,
            String segments,
            String alerts,
            String anomalies)
            implements Serializable {
        /**
         * @return the topic options' defaults: tubelet.frames, tubelet.actions, tubelet.detections,
         *     tubelet.dead-letters, tubelet.segments, tubelet.alerts, tubelet.anomalies
         */
        public static Topics defaults() {
            return new Topics(
                    JobOptions.FRAMES_TOPIC.defaultValue(),
                    JobOptions.ACTIONS_TOPIC.defaultValue(),
                    JobOptions.DETECTIONS_TOPIC.defaultValue(),
                    JobOptions.DEAD_LETTERS_TOPIC.defaultValue(),
                    JobOptions.SEGMENTS_TOPIC.defaultValue(),
                    JobOptions.ALERTS_TOPIC.defaultValue(),
                    JobOptions.ANOMALIES_TOPIC.defaultValue());
        }

        /**
         * @param prefix a name prefix
         * @return prefix.frames, prefix.actions, prefix.detections, prefix.dead-letters, prefix.segments,
         *     prefix.alerts, prefix.anomalies
         */
        public static Topics prefixed(String prefix) {
            return new Topics(
                    prefix + ".frames",
                    prefix + ".actions",
                    prefix + ".detections",
                    prefix + ".dead-letters",
                    prefix + ".segments",
                    prefix + ".alerts",
                    prefix + ".anomalies");
        }

        /**
         * What a frames topic that tubelet creates keeps, as the Kubernetes topics do: an hour (enough to
         * replay any restart and to cut clips of recent alerts), at most 2 GiB per partition whatever the
         * cameras send, in segments of 256 MB rolled at least every 10 minutes so that retention can delete
         * a quiet partition's frames. Without it a local broker keeps frames for Kafka's default week: 128
         * cameras at 15 fps write 1.6 GB a minute.
         *
         * @return topic configuration by topic name, for the topics that need more than the defaults
         */
        public java.util.Map<String, java.util.Map<String, String>> creationConfigs() {
            return java.util.Map.of(
                    frames,
                    java.util.Map.of(
                            "retention.ms",
                                    Long.toString(java.time.Duration.ofHours(1).toMillis()),
                            "retention.bytes", Long.toString(2L << 30),
                            "segment.bytes", Integer.toString(256 << 20),
                            "segment.ms",
                                    Long.toString(
                                            java.time.Duration.ofMinutes(10).toMillis())));
        }

        /** @return every topic a job with detection and anomaly scoring reads or writes */
        public java.util.List<String> all() {
            return all(true, true);
        }

        /** @return every topic the job reads or writes, detections and anomalies only when it makes them */
        public java.util.List<String> all(boolean detects, boolean scoresAnomalies) {
            java.util.List<String> out =
                    new java.util.ArrayList<>(java.util.List.of(frames, actions, deadLetters, segments, alerts));
            if (detects) {
                out.add(detections);
            }
            if (scoresAnomalies) {
                out.add(anomalies);
            }
            return out;
        }
    }

    /** Builds {@link JobConfig}; every value not set keeps its option's default. */
    public static final class Builder {
        private String bootstrap;
        private KafkaClientConfig kafka = KafkaClientConfig.none();
        private Topics topics = Topics.defaults();
        private SegmentSpec segments = SegmentSpec.defaults();
        private AlertRules rules = AlertRules.none();
        private String groupId = JobOptions.GROUP_ID.defaultValue();
        private String startingOffsets = JobOptions.STARTING_OFFSETS.defaultValue();
        private Delivery delivery = Delivery.parse(JobOptions.DELIVERY.defaultValue());
        private Duration checkpointInterval = Duration.ofMillis(JobOptions.CHECKPOINT_INTERVAL_MS.defaultValue());
        private String checkpointDir;
        private WindowSpec window = WindowSpec.defaults();
        private InferenceSpec inference;
        private FrameLimits limits = FrameLimits.defaults();
        private boolean exactDecode = JobOptions.EXACT_DECODE.defaultValue();
        private long planeCacheBytes = JobOptions.PLANE_CACHE_MB.defaultValue() << 20;
        private int parallelism = JobOptions.PARALLELISM.defaultValue();
        private Duration inferenceTimeout = Duration.ofMinutes(2);
        private Duration topicWait = Duration.ofSeconds(JobOptions.TOPIC_WAIT_S.defaultValue());
        private Duration fetchWait = Duration.ofMillis(JobOptions.FETCH_WAIT_MS.defaultValue());
        private String transactionalIdPrefix;
        private DetectionSpec detection;
        private AnomalySpec anomaly;
        private BoxSources boxes;

        private Builder() {}

        public Builder bootstrap(String value) {
            this.bootstrap = value;
            return this;
        }

        public Builder kafka(KafkaClientConfig value) {
            this.kafka = Objects.requireNonNull(value, "kafka");
            return this;
        }

        public Builder segments(SegmentSpec value) {
            this.segments = java.util.Objects.requireNonNull(value, "segments");
            return this;
        }

        public Builder rules(AlertRules value) {
            this.rules = java.util.Objects.requireNonNull(value, "rules");
            return this;
        }

        public Builder topics(Topics value) {
            this.topics = value;
            return this;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        public Builder startingOffsets(String value) {
            this.startingOffsets = value;
            return this;
        }

        public Builder delivery(Delivery value) {
            this.delivery = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            this.checkpointInterval = value;
            return this;
        }

        public Builder checkpointDir(String value) {
            this.checkpointDir = value;
            return this;
        }

        public Builder window(WindowSpec value) {
            this.window = value;
            return this;
        }

        public Builder inference(InferenceSpec value) {
            this.inference = value;
            return this;
        }

        public Builder limits(FrameLimits value) {
            this.limits = value;
            return this;
        }

        /**
         * @param value the bound of each window subtask's plane cache, bytes (≥ 0)
         * @return this
         */
        public Builder planeCacheBytes(long value) {
            this.planeCacheBytes = value;
            return this;
        }

        public Builder exactDecode(boolean value) {
            this.exactDecode = value;
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        public Builder inferenceTimeout(Duration value) {
            this.inferenceTimeout = value;
            return this;
        }

        public Builder fetchWait(Duration value) {
            this.fetchWait = value;
            return this;
        }

        public Builder topicWait(Duration value) {
            this.topicWait = value;
            return this;
        }

        /** Defaults to {@code "tubelet-" + groupId}. */
        public Builder transactionalIdPrefix(String value) {
            this.transactionalIdPrefix = value;
            return this;
        }

        /**
         * @param spec the detection model, or null for none
         * @param sources where keyframes get their boxes, or null for none
         */
        public Builder detection(DetectionSpec spec, BoxSources sources) {
            this.detection = spec;
            this.boxes = sources;
            return this;
        }

        /**
         * @param spec the anomaly model and the baselines' settings, or null for none
         */
        public Builder anomaly(AnomalySpec spec) {
            this.anomaly = spec;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the value that is missing or out of range
         */
        public JobConfig build() {
            if (bootstrap == null || bootstrap.isBlank()) {
                bootstrap = kafka.bootstrapOr(null);
            }
            if (inference == null) {
                throw new IllegalArgumentException("model: expected a model directory or .onnx file, found none");
            }
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(limits, "limits");
            if (!startingOffsets.equals("earliest")
                    && !startingOffsets.equals("latest")
                    && !startingOffsets.equals("committed")) {
                throw new IllegalArgumentException(
                        "starting-offsets: expected earliest, latest or committed, found '" + startingOffsets + "'");
            }
            if (checkpointInterval.toMillis() < 100) {
                throw new IllegalArgumentException(
                        "checkpoint-interval-ms: expected at least 100, found " + checkpointInterval.toMillis());
            }
            if (planeCacheBytes < 0) {
                throw new IllegalArgumentException(
                        "plane-cache-mb: expected 0 or more, found " + (planeCacheBytes >> 20));
            }
            if (fetchWait.isNegative() || fetchWait.toMillis() > 10_000) {
                throw new IllegalArgumentException("fetch-wait-ms: expected 0 to 10000, found " + fetchWait.toMillis());
            }
            if (topicWait.isNegative()) {
                throw new IllegalArgumentException("topic-wait-s: expected 0 or more, found " + topicWait.toSeconds());
            }
            if (parallelism < 0) {
                throw new IllegalArgumentException(
                        "parallelism: expected 0 (the cluster's default) or more, found " + parallelism);
            }
            if ((detection == null) != (boxes == null)) {
                throw new IllegalArgumentException("detection needs both a detection model and box sources");
            }
            return new JobConfig(this);
        }
    }
}
