package dev.tubelet.ingest;

import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Frames scaled down at the source: FFmpeg scales while it converts the pixel format, so no full-size frame is copied out. */
public final class ScaledSize {
    private ScaledSize() {}

    /**
     * Sets a started grabber's output size so that the longer side is at most {@code maxSide}
     * (even dimensions, aspect kept); smaller sources are left as they are.
     *
     * @param grabber a started grabber
     * @param maxSide longest side wanted
     */
    public static void apply(FFmpegFrameGrabber grabber, int maxSide) {
        int width = grabber.getImageWidth();
        int height = grabber.getImageHeight();
        int longer = Math.max(width, height);
        if (longer > maxSide) {
            grabber.setImageWidth(Math.max(2, (int) Math.round((double) width * maxSide / longer)) & ~1);
            grabber.setImageHeight(Math.max(2, (int) Math.round((double) height * maxSide / longer)) & ~1);
        }
    }
}
