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
        plan.apply(image.pixels(), planes);
        return new FramePlanes(plan.outWidth, plan.outHeight, planes);
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
     * The size after resize, as Hugging Face's {@code get_resize_output_image_size} computes it
     * for a shortest-edge target: the short side becomes the target, the long side
     * {@code int(target * long / short)}.
     *
     * @param config the processor settings
     * @param width input width
     * @param height input height
     * @return {@code {width, height}} after the resize
     */
    static int[] resizedSize(PreprocessorConfig config, int width, int height) {
        if (!config.doResize()) {
            return new int[] {width, height};
        }
        if (config.shortestEdge() <= 0) {
            return new int[] {config.resizeWidth(), config.resizeHeight()};
        }
        int target = config.shortestEdge();
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) ((long) target * longSide) / shortSide);
        return width <= height ? new int[] {target, newLong} : new int[] {newLong, target};
    }
}
