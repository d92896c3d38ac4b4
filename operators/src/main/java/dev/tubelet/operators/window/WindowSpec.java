package dev.tubelet.operators.window;

import java.io.Serializable;
import java.time.Duration;

/**
 * How each camera's frames become windows.
 *
 * <pre>{@code
 * WindowSpec spec = WindowSpec.builder().frames(16).stride(4).hop(8).build();
 * }</pre>
 *
 * <p>Strided sampling (VideoMAE's Kinetics setup): the first frame a camera sends (after start or
 * after a gap) is sampled, then every {@code stride}-th sequence number; a window is emitted when
 * {@code frames} sampled frames are buffered, then after every {@code hop} further ones. Uniform
 * sampling (its Something-Something V2 setup): {@code frames} frames spread evenly over
 * {@code uniformSpan} of capture time. A {@code targetSampleRate} picks each camera's stride from
 * its fps, so cameras of different frame rates are sampled at one temporal scale.
 *
 * @param frames T, sampled frames per window (the model's num_frames)
 * @param stride frames between sampled frames
 * @param hop sampled frames between consecutive windows
 * @param uniformSpan the time span of a window in uniform mode, or null for strided sampling
 * @param targetSampleRate sampled frames per second wanted (0: use {@code stride} as it is)
 * @param maxReorder out-of-order frames held back waiting for a missing one
 * @param reorderTimeout how long a missing frame is waited for before it is given up
 * @param maxGap a jump of more sequence numbers than this restarts the window
 * @param idleTimeout a camera silent this long has its state released
 */
public record WindowSpec(
        int frames,
        int stride,
        int hop,
        Duration uniformSpan,
        double targetSampleRate,
        int maxReorder,
        Duration reorderTimeout,
        int maxGap,
        Duration idleTimeout)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public WindowSpec {
        require(frames >= 1, "frames must be ≥ 1, found " + frames);
        require(stride >= 1, "stride must be ≥ 1, found " + stride);
        require(hop >= 1, "hop must be ≥ 1, found " + hop);
        require(targetSampleRate >= 0, "target sample rate must be ≥ 0, found " + targetSampleRate);
        require(maxReorder >= 0, "max reorder must be ≥ 0, found " + maxReorder);
        require(maxGap >= 1, "max gap must be ≥ 1, found " + maxGap);
        require(
                uniformSpan == null || !uniformSpan.isNegative() && !uniformSpan.isZero(),
                "uniform span must be positive, found " + uniformSpan);
        require(
                !reorderTimeout.isNegative() && !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "timeouts must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return whether frames are spread over a time span instead of strided */
    public boolean uniform() {
        return uniformSpan != null;
    }

    /**
     * @param fps the camera's nominal frame rate, 0 if unknown
     * @return the stride for that camera
     */
    public int strideFor(float fps) {
        if (targetSampleRate > 0 && fps > 0) {
            return Math.max(1, (int) Math.round(fps / targetSampleRate));
        }
        return stride;
    }

    /** @return the defaults: 16 frames, stride 4, hop 8, reorder 8 frames / 2 s, gap 64, idle 60 s */
    public static WindowSpec defaults() {
        return builder().build();
    }

    /**
     * @param count frames per window (the model's num_frames)
     * @return this spec with windows of that many frames
     */
    public WindowSpec withFrames(int count) {
        return new WindowSpec(
                count, stride, hop, uniformSpan, targetSampleRate, maxReorder, reorderTimeout, maxGap, idleTimeout);
    }

    /** @return a builder with the {@linkplain #defaults() defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link WindowSpec}. */
    public static final class Builder {
        private int frames = 16;
        private int stride = 4;
        private int hop = 8;
        private Duration uniformSpan;
        private double targetSampleRate;
        private int maxReorder = 8;
        private Duration reorderTimeout = Duration.ofSeconds(2);
        private int maxGap = 64;
        private Duration idleTimeout = Duration.ofSeconds(60);

        public Builder frames(int value) {
            this.frames = value;
            return this;
        }

        public Builder stride(int value) {
            this.stride = value;
            return this;
        }

        public Builder hop(int value) {
            this.hop = value;
            return this;
        }

        public Builder uniformSpan(Duration value) {
            this.uniformSpan = value;
            return this;
        }

        public Builder targetSampleRate(double value) {
            this.targetSampleRate = value;
            return this;
        }

        public Builder maxReorder(int value) {
            this.maxReorder = value;
            return this;
        }

        public Builder reorderTimeout(Duration value) {
            this.reorderTimeout = value;
            return this;
        }

        public Builder maxGap(int value) {
            this.maxGap = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public WindowSpec build() {
            return new WindowSpec(
                    frames,
                    stride,
                    hop,
                    uniformSpan,
                    targetSampleRate,
                    maxReorder,
                    reorderTimeout,
                    maxGap,
                    idleTimeout);
        }
    }
}
