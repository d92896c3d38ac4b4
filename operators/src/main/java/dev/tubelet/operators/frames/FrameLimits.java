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
 * @param maxCamerasPerSubtask cameras one window subtask keeps at most (frames of more are
 *     CAMERA_LIMIT); 0 = sized from the subtask's heap ({@link #camerasPerSubtask})
 */
public record FrameLimits(
        int maxMessageBytes,
        long maxPixels,
        int maxDeadLetterPayload,
        int maxBoxes,
        java.time.Duration maxClockSkew,
        int maxCamerasPerSubtask)
        implements Serializable {
    /**
     * @throws IllegalArgumentException when a bound is negative
     */
    public FrameLimits {
        if (maxBoxes < 0 || maxClockSkew.isNegative() || maxCamerasPerSubtask < 0) {
            throw new IllegalArgumentException(
                    "max-boxes, max-clock-skew-s and max-cameras-per-subtask must not be negative, found " + maxBoxes
                            + ", " + maxClockSkew.toSeconds() + " and " + maxCamerasPerSubtask);
        }
    }

    /** Heap a camera's window state is budgeted, for the limit sized from the heap. */
    public static final long HEAP_PER_CAMERA = 1L << 20;

    /**
     * @param maxHeapBytes the JVM's heap ({@code Runtime.maxMemory()})
     * @return the cameras one subtask keeps at most: the limit given, or a quarter of the heap at
     *     {@link #HEAP_PER_CAMERA} each (a window's encoded frames and pending ones take a few hundred
     *     KB; decoded planes are the plane cache's, bounded apart), between 16 and 100000
     */
    public int camerasPerSubtask(long maxHeapBytes) {
        if (maxCamerasPerSubtask > 0) {
            return maxCamerasPerSubtask;
        }
        return (int) Math.max(16, Math.min(100_000, maxHeapBytes / 4 / HEAP_PER_CAMERA));
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
        this(maxMessageBytes, maxPixels, maxDeadLetterPayload, 100, java.time.Duration.ofSeconds(300), 0);
    }

    /**
     * 4 MB messages, 4096×4096 pixels, 64 KB of payload in dead letters, 100 boxes, 300 s of clock
     * skew, cameras per subtask sized from the heap.
     */
    public static FrameLimits defaults() {
        return new FrameLimits(4 << 20, 4096L * 4096L, 64 << 10);
    }
}
