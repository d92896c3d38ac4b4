package dev.tubelet.ingest;

import dev.tubelet.model.config.PreprocessorConfig;
import java.time.Duration;
import java.util.Locale;

/**
 * One camera's ingest settings.
 *
 * @param cameraId camera id (the Kafka key)
 * @param source a file, an rtsp:// or http(s):// URL, or a V4L2 device (/dev/videoN)
 * @param fps frames per second to send (frames beyond it are dropped), 0 for the source's own rate
 * @param maxSide frames are scaled down so that their longer side is at most this
 * @param jpegQuality JPEG quality, 1..100
 * @param loop start a file again at its end
 * @param realtime pace a file at its own frame rate (live sources are paced by themselves)
 * @param maxFrames stop after sending this many frames, 0 for no limit
 * @param maxBackoff longest wait between reconnection attempts to a network source
 * @param scaleTo the model's preprocessing: frames are scaled to the size its resize gives, so
 *     that the job only crops them; null to scale by {@code maxSide}
 */
public record IngestOptions(
        String cameraId,
        String source,
        double fps,
        int maxSide,
        int jpegQuality,
        boolean loop,
        boolean realtime,
        long maxFrames,
        Duration maxBackoff,
        PreprocessorConfig scaleTo) {

    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public IngestOptions {
        if (cameraId == null || cameraId.isBlank()) {
            throw new IllegalArgumentException("camera id: expected a name, found nothing");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source: expected a file, URL or device, found nothing");
        }
        if (fps < 0 || maxSide < 16 || jpegQuality < 1 || jpegQuality > 100 || maxFrames < 0) {
            throw new IllegalArgumentException(
                    "expected fps ≥ 0, max side ≥ 16, JPEG quality 1..100 and max frames ≥ 0, found " + fps + ", "
                            + maxSide + ", " + jpegQuality + ", " + maxFrames);
        }
    }

    /** @return whether the source is live (network stream or device): wall-clock timestamps and reconnects */
    public boolean live() {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("rtsp://")
                || s.startsWith("rtmp://")
                || s.startsWith("http://")
                || s.startsWith("https://")
                || s.startsWith("udp://")
                || s.startsWith("tcp://")
                || s.startsWith("/dev/video");
    }
}
