package dev.tubelet.ingest;

import dev.tubelet.model.config.PreprocessorConfig;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Frames scaled down at the source: FFmpeg scales while it converts the pixel format, so no full-size frame is copied out. */
public final class ScaledSize {
    private ScaledSize() {}

    /**
     * Sets a started grabber's output size: the size the model's resize gives (with {@code
     * scaleTo}), else at most {@code maxSide} on the longer side (even dimensions, aspect kept;
     * smaller sources are left as they are).
     *
     * @param grabber a started grabber
     * @param options the camera's settings
     */
    public static void apply(FFmpegFrameGrabber grabber, IngestOptions options) {
        if (options.scaleTo() == null) {
            apply(grabber, options.maxSide());
            return;
        }
        int[] size = forModel(grabber.getImageWidth(), grabber.getImageHeight(), options.scaleTo());
        grabber.setImageWidth(size[0]);
        grabber.setImageHeight(size[1]);
    }

    /**
     * @param width the source's width
     * @param height the source's height
     * @param preprocessing the model's preprocessing
     * @return {@code {width, height}} the model's resize gives such a frame (exactly, odd sizes
     *     included: the job crops a frame of that size without resampling it)
     */
    public static int[] forModel(int width, int height, PreprocessorConfig preprocessing) {
        return preprocessing.resizedSize(width, height);
    }

    /**
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
