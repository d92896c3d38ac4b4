package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.DetectionSpec;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.window.WindowSpec;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the streaming job is configured with, validated once at start.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics topic names
 * @param groupId consumer group of the frames source
 * @param startingOffsets earliest, latest or committed (falling back to earliest)
 * @param delivery exactly-once or at-least-once
 * @param checkpointInterval how often state is checkpointed (and, exactly-once, how often events become visible)
 * @param checkpointDir where checkpoints go (a file:// or other Flink file system URI), or null for the default
 * @param window how frames become windows
 * @param inference the model and the batching
 * @param limits bounds on frames
 * @param exactDecode decode every JPEG at full size
 * @param parallelism parallelism of the job, 0 for the environment's default
 * @param inferenceTimeout how long a window may wait for the model before the job fails
 * @param transactionalIdPrefix prefix of the sink's Kafka transactional ids (unique per job on a cluster)
 * @param detection the detection model beside the classifier, or null for no detection
 * @param boxes where keyframes get their boxes (with detection), or null
 */
public record JobConfig(String bootstrap, Topics topics, String groupId, String startingOffsets, Delivery delivery,
        Duration checkpointInterval, String checkpointDir, WindowSpec window, InferenceSpec inference, FrameLimits limits,
        boolean exactDecode, int parallelism, Duration inferenceTimeout, String transactionalIdPrefix,
        DetectionSpec detection, BoxSources boxes) implements Serializable {

    /** A configuration without detection. */
    public JobConfig(String bootstrap, Topics topics, String groupId, String startingOffsets, Delivery delivery,
            Duration checkpointInterval, String checkpointDir, WindowSpec window, InferenceSpec inference, FrameLimits limits,
            boolean exactDecode, int parallelism, Duration inferenceTimeout, String transactionalIdPrefix) {
        this(bootstrap, topics, groupId, startingOffsets, delivery, checkpointInterval, checkpointDir, window, inference, limits,
                exactDecode, parallelism, inferenceTimeout, transactionalIdPrefix, null, null);
    }

    /**
     * @param detectionSpec the detection model
     * @param boxSources where keyframes get their boxes
     * @return this configuration with detection on
     */
    public JobConfig withDetection(DetectionSpec detectionSpec, BoxSources boxSources) {
        return new JobConfig(bootstrap, topics, groupId, startingOffsets, delivery, checkpointInterval, checkpointDir, window, inference,
                limits, exactDecode, parallelism, inferenceTimeout, transactionalIdPrefix, detectionSpec, boxSources);
    }

    /** @return whether detection runs beside classification */
    public boolean detects() {
        return detection != null;
    }

    /**
     * @param frames the frames topic
     * @param actions the action events topic
     * @param detections the detection events topic
     * @param deadLetters the dead-letter topic
     */
    public record Topics(String frames, String actions, String detections, String deadLetters) implements Serializable {
        /** @return tubelet.frames, tubelet.actions, tubelet.detections, tubelet.dead-letters */
        public static Topics defaults() {
            return new Topics("tubelet.frames", "tubelet.actions", "tubelet.detections", "tubelet.dead-letters");
        }
    }

    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public JobConfig {
        Objects.requireNonNull(bootstrap, "bootstrap servers");
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers: expected host:port, found nothing");
        }
        if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest") && !startingOffsets.equals("committed")) {
            throw new IllegalArgumentException("starting offsets: expected earliest, latest or committed, found '" + startingOffsets + "'");
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("checkpoint interval: expected at least 100 ms, found " + checkpointInterval.toMillis() + " ms");
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism: expected 0 (default) or more, found " + parallelism);
        }
        if ((detection == null) != (boxes == null)) {
            throw new IllegalArgumentException("detection needs both a detection model and box sources");
        }
    }
}
