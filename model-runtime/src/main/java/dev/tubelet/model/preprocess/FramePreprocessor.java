package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.PreprocessorConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a decoded RGB frame of any size into the model's compact input form: resized and
 * center-cropped 8-bit planes ({@link FramePlanes}), the way Hugging Face's
 * {@code VideoMAEImageProcessor} does it (PIL resize of the shortest edge, {@code (size - crop) // 2}
 * crop). Rescale and normalization are left to {@link PixelNormalizer}, which applies them while
 * a batch tensor is filled.
 *
 * <pre>{@code
 * FramePreprocessor pre = new FramePreprocessor(PreprocessorConfig.videoMaeDefaults(224));
 * FramePlanes planes = pre.preprocess(new RgbImage(1280, 720, rgbBytes));
 * }</pre>
 *
 * <p>Plans (coefficients and a scratch row buffer) are kept per input size, since a camera's
 * frames all have one size. Not thread-safe: use one per thread or operator instance.
 */
public final class FramePreprocessor {
    private final PreprocessorConfig config;
    private final Map<Long, ResizeCropPlan> plans = new HashMap<>();

    /**
     * @param config the processor settings
     */
    public FramePreprocessor(PreprocessorConfig config) {
        this.config = config;
    }

    /** @return the processor settings */
    public PreprocessorConfig config() {
        return config;
    }

    /**
     * @param image a decoded frame
     * @return its planes at the crop size (or the resized size when cropping is off)
     */
    public FramePlanes preprocess(RgbImage image) {
        ResizeCropPlan plan = planFor(image.width(), image.height());
        byte[] planes = new byte[3 * plan.outWidth * plan.outHeight];
        plan.apply(image.pixels(), planes, 0);
        return new FramePlanes(plan.outWidth, plan.outHeight, planes);
    }

    /**
     * Into an array of the caller's (a pooled buffer, a window's frames one after another).
     *
     * @param image a decoded frame
     * @param into where the planes go
     * @param offset where in {@code into}; {@link #outputSize} tells how many bytes follow
     * @return the planes, over {@code into}
     */
    public FramePlanes preprocess(RgbImage image, byte[] into, int offset) {
        ResizeCropPlan plan = planFor(image.width(), image.height());
        FramePlanes planes = new FramePlanes(plan.outWidth, plan.outHeight, into, offset);
        plan.apply(image.pixels(), into, offset);
        return planes;
    }

    /**
     * @param width a frame's width
     * @param height its height
     * @return whether such a frame is resampled (false: it already has the resized size, and is
     *     only cropped, as Pillow returns it unchanged)
     */
    public boolean resamples(int width, int height) {
        return planFor(width, height).resamples();
    }

    /**
     * @param width a frame's width
     * @param height its height
     * @return the size of its planes, {@code {width, height}}
     */
    public int[] outputSize(int width, int height) {
        ResizeCropPlan plan = planFor(width, height);
        return new int[] {plan.outWidth, plan.outHeight};
    }

    private ResizeCropPlan planFor(int width, int height) {
        long key = ((long) width << 32) | height;
        ResizeCropPlan plan = plans.get(key);
        if (plan == null) {
            if (plans.size() > 16) {
                plans.clear(); // sizes keep changing: do not grow without bound
            }
            int[] resized = resizedSize(config, width, height);
            int outWidth = config.doCenterCrop() ? config.cropWidth() : resized[0];
            int outHeight = config.doCenterCrop() ? config.cropHeight() : resized[1];
            plan = new ResizeCropPlan(width, height, resized[0], resized[1], outWidth, outHeight, config.resample());
            plans.put(key, plan);
        }
        return plan;
    }

    /**
     * @param config the processor settings
     * @param width input width
     * @param height input height
     * @return {@code {width, height}} after the resize ({@link PreprocessorConfig#resizedSize})
     */
    static int[] resizedSize(PreprocessorConfig config, int width, int height) {
        return config.resizedSize(width, height);
    }
}
