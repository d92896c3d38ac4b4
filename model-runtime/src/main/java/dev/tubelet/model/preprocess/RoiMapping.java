package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.PreprocessorConfig;

/**
 * Maps boxes on a frame to the model input the frame became: the same resize (shortest edge or
 * exact size) and center crop the preprocessing applies, so a box drawn on the camera's frame lands
 * on the same pixels of the clip the detection model sees. Boxes partly outside the crop are
 * clipped to it; a box with no area left inside the crop has no input box.
 */
public final class RoiMapping {
    private final PreprocessorConfig config;

    /**
     * @param config the model's preprocessing
     */
    public RoiMapping(PreprocessorConfig config) {
        this.config = config;
    }

    /**
     * @param frameWidth width of the frame the boxes are normalized to (as decoded)
     * @param frameHeight its height
     * @param box normalized {@code x1, y1, x2, y2} (0..1 of the frame)
     * @param out where the input-pixel box goes: {@code x1, y1, x2, y2} at {@code offset}
     * @param offset index in {@code out}
     * @return false when nothing of the box is inside the crop (then {@code out} is untouched)
     */
    public boolean toInput(int frameWidth, int frameHeight, float[] box, float[] out, int offset) {
        return toInput(frameWidth, frameHeight, box, 0, out, offset);
    }

    /**
     * @param frameWidth width of the frame the boxes are normalized to (as decoded)
     * @param frameHeight its height
     * @param boxes normalized boxes, {@code x1, y1, x2, y2} from {@code boxOffset}
     * @param boxOffset index of the box in {@code boxes}
     * @param out where the input-pixel box goes: {@code x1, y1, x2, y2} at {@code offset}
     * @param offset index in {@code out}
     * @return false when nothing of the box is inside the crop (then {@code out} is untouched)
     */
    public boolean toInput(int frameWidth, int frameHeight, float[] boxes, int boxOffset, float[] out, int offset) {
        int[] resized = FramePreprocessor.resizedSize(config, frameWidth, frameHeight);
        int outWidth = config.doCenterCrop() ? config.cropWidth() : resized[0];
        int outHeight = config.doCenterCrop() ? config.cropHeight() : resized[1];
        int left = Math.floorDiv(resized[0] - outWidth, 2);
        int top = Math.floorDiv(resized[1] - outHeight, 2);
        // where the resized image lies in the crop (padding outside it holds no image)
        float minX = Math.max(0, -left);
        float minY = Math.max(0, -top);
        float maxX = Math.min(outWidth, resized[0] - left);
        float maxY = Math.min(outHeight, resized[1] - top);
        float x1 = clamp(boxes[boxOffset] * resized[0] - left, minX, maxX);
        float y1 = clamp(boxes[boxOffset + 1] * resized[1] - top, minY, maxY);
        float x2 = clamp(boxes[boxOffset + 2] * resized[0] - left, minX, maxX);
        float y2 = clamp(boxes[boxOffset + 3] * resized[1] - top, minY, maxY);
        if (x2 - x1 <= 0 || y2 - y1 <= 0) {
            return false;
        }
        out[offset] = x1;
        out[offset + 1] = y1;
        out[offset + 2] = x2;
        out[offset + 3] = y2;
        return true;
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
