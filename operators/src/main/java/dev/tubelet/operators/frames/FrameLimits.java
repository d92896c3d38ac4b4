package dev.tubelet.operators.frames;

import java.io.Serializable;

/**
 * Bounds on what a frame may be: message size, and pixel count before anything is decoded
 * (a 60000×60000 JPEG header is a decompression bomb, not a camera).
 *
 * @param maxMessageBytes largest frame message accepted (larger ones are dead-lettered as OVERSIZED)
 * @param maxPixels largest width × height accepted (larger ones are IMAGE_TOO_LARGE)
 * @param maxDeadLetterPayload bytes of a rejected record kept in its dead letter
 * @param maxBoxes most upstream boxes a frame may carry (more are INVALID_FIELD)
 * @param maxClockSkew how far ahead of the job's clock a capture time may be (further is INVALID_FIELD)
 */
public record FrameLimits(
        int maxMessageBytes, long maxPixels, int maxDeadLetterPayload, int maxBoxes, java.time.Duration maxClockSkew)
        implements Serializable {
    /**
     * @throws IllegalArgumentException when a bound is negative
     */
    public FrameLimits {
        if (maxBoxes < 0 || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max-boxes and max-clock-skew-s must not be negative, found " + maxBoxes
                    + " and " + maxClockSkew.toSeconds());
        }
    }

    /** Longest camera id, in UTF-8 bytes: ids are keys, metric labels and event fields. */
    public static final int MAX_CAMERA_ID_BYTES = 128;

    /** Highest frame rate a frame may state. */
    public static final float MAX_FPS = 1000f;

    /**
     * The defaults for the bounds not given: 100 boxes, 300 s of clock skew.
     *
     * @param maxMessageBytes largest frame message accepted
     * @param maxPixels largest width × height accepted
     * @param maxDeadLetterPayload bytes of a rejected record kept in its dead letter
     */
    public FrameLimits(int maxMessageBytes, long maxPixels, int maxDeadLetterPayload) {
        this(maxMessageBytes, maxPixels, maxDeadLetterPayload, 100, java.time.Duration.ofSeconds(300));
    }

    /** 4 MB messages, 4096×4096 pixels, 64 KB of payload in dead letters, 100 boxes, 300 s of clock skew. */
    public static FrameLimits defaults() {
        return new FrameLimits(4 << 20, 4096L * 4096L, 64 << 10);
    }
}
