package dev.tubelet.operators.frames;

import java.io.Serializable;

/**
 * Bounds on what a frame may be: message size, and pixel count before anything is decoded
 * (a 60000×60000 JPEG header is a decompression bomb, not a camera).
 *
 * @param maxMessageBytes largest frame message accepted (larger ones are dead-lettered as OVERSIZED)
 * @param maxPixels largest width × height accepted (larger ones are IMAGE_TOO_LARGE)
 * @param maxDeadLetterPayload bytes of a rejected record kept in its dead letter
 */
public record FrameLimits(int maxMessageBytes, long maxPixels, int maxDeadLetterPayload) implements Serializable {
    /** 4 MB messages, 4096×4096 pixels, 64 KB of payload in dead letters. */
    public static FrameLimits defaults() {
        return new FrameLimits(4 << 20, 4096L * 4096L, 64 << 10);
    }
}
