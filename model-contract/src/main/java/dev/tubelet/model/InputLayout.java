package dev.tubelet.model;

import java.util.Locale;

/**
 * The order of a clip tensor's axes.
 *
 * <p>Hugging Face's {@code VideoMAEForVideoClassification} takes {@code pixel_values} as
 * {@code [B, T, 3, H, W]}; the original VideoMAE code takes {@code [B, 3, T, H, W]}. Both are
 * exported with {@code torch.onnx.export}, so both must load.
 */
public enum InputLayout {
    /** {@code [batch, frames, channels, height, width]}: Hugging Face. */
    BTCHW,
    /** {@code [batch, channels, frames, height, width]}: the original VideoMAE code. */
    BCTHW;

    /** @return the axis that holds the frames */
    public int frameAxis() {
        return this == BTCHW ? 1 : 2;
    }

    /** @return the axis that holds the colour channels */
    public int channelAxis() {
        return this == BTCHW ? 2 : 1;
    }

    /**
     * @param batch batch size
     * @param frames frames per clip
     * @param height frame height
     * @param width frame width
     * @return the tensor shape in this layout
     */
    public long[] shape(long batch, long frames, long height, long width) {
        return this == BTCHW
                ? new long[] {batch, frames, 3, height, width}
                : new long[] {batch, 3, frames, height, width};
    }

    /**
     * @param text {@code BTCHW}/{@code BCTHW}, case-insensitive; {@code hf} and {@code original} too
     * @return the layout
     * @throws InvalidModelException for anything else
     */
    public static InputLayout parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        switch (t) {
            case "BTCHW":
            case "HF":
            case "HUGGINGFACE":
                return BTCHW;
            case "BCTHW":
            case "ORIGINAL":
                return BCTHW;
            default:
                throw new InvalidModelException(
                        "input layout: expected BTCHW (Hugging Face) or BCTHW (original VideoMAE), found '" + text
                                + "'");
        }
    }
}
