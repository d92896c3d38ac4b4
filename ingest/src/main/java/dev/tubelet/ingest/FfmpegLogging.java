package dev.tubelet.ingest;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * FFmpeg's own log (stream dumps, codec notes, network errors) goes through SLF4J instead of
 * straight to stderr, so that it lands in the log file with everything else and the console keeps
 * Tubelet's lines (the command line's logging keeps {@code org.bytedeco} off the console unless
 * verbose). Every user of FFmpeg calls {@link #toSlf4j()} before opening a grabber or recorder.
 */
public final class FfmpegLogging {
    private static volatile boolean routed;

    private FfmpegLogging() {}

    /** Routes FFmpeg's log, at info level and above, to SLF4J (once per JVM). */
    public static void toSlf4j() {
        if (routed) {
            return;
        }
        synchronized (FfmpegLogging.class) {
            if (!routed) {
                avutil.av_log_set_level(avutil.AV_LOG_INFO);
                FFmpegLogCallback.set();
                routed = true;
            }
        }
    }
}
