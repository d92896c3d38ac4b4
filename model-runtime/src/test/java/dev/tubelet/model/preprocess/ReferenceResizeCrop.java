package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.ResampleFilter;
import java.util.Arrays;

/**
 * The plain reading of Pillow's resampling that ResizeCropPlan replaced, kept as the oracle its
 * results are compared with (bit for bit, on many sizes and scales) and as the baseline of
 * ResizeCropBenchmark. Resize then center crop for one input size, done in one go: only the resized pixels that the
 * crop keeps are computed, with Pillow's separable two-pass resampling (horizontal first, each
 * pass rounded to 8 bits, exactly as {@code Image.resize}), and the result is written as
 * R, G, B planes. Crop offsets follow Hugging Face's {@code center_crop}: {@code (size - crop) // 2},
 * zero padding where the crop is larger than the image.
 *
 * <p>Not thread-safe: it owns a scratch buffer.
 */
final class ReferenceResizeCrop {
    final int inWidth;
    final int inHeight;
    final int outWidth;
    final int outHeight;
    private final int resizedWidth;
    private final int resizedHeight;
    /** Output pixels [x0, x1) × [y0, y1) come from the image; the rest is padding. */
    private final int x0;

    private final int x1;
    private final int y0;
    private final int y1;
    private final int left;
    private final int top;
    private final AxisResampling horizontal;
    private final AxisResampling vertical;
    private final int rowFirst;
    private final int rowLast;
    private final byte[] scratch;
    private final boolean padded;

    /**
     * @param inWidth input width
     * @param inHeight input height
     * @param resizedWidth width after resize (equal to the input for no resize)
     * @param resizedHeight height after resize
     * @param outWidth width after crop
     * @param outHeight height after crop
     * @param filter PIL filter for the resize
     */
    ReferenceResizeCrop(
            int inWidth,
            int inHeight,
            int resizedWidth,
            int resizedHeight,
            int outWidth,
            int outHeight,
            ResampleFilter filter) {
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.resizedWidth = resizedWidth;
        this.resizedHeight = resizedHeight;
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.left = Math.floorDiv(resizedWidth - outWidth, 2);
        this.top = Math.floorDiv(resizedHeight - outHeight, 2);
        this.x0 = Math.max(0, -left);
        this.x1 = Math.min(outWidth, resizedWidth - left);
        this.y0 = Math.max(0, -top);
        this.y1 = Math.min(outHeight, resizedHeight - top);
        this.padded = x0 > 0 || y0 > 0 || x1 < outWidth || y1 < outHeight;
        int validWidth = x1 - x0;
        int validHeight = y1 - y0;
        // Pillow skips a pass whose size does not change; so do we (it would be the identity anyway).
        this.horizontal = resizedWidth != inWidth
                ? new AxisResampling(inWidth, resizedWidth, x0 + left, validWidth, filter)
                : null;
        this.vertical = resizedHeight != inHeight
                ? new AxisResampling(inHeight, resizedHeight, y0 + top, validHeight, filter)
                : null;
        if (vertical != null) {
            int last = 0;
            for (int i = 0; i < validHeight; i++) {
                last = Math.max(last, vertical.start[i] + vertical.taps[i]);
            }
            this.rowFirst = validHeight > 0 ? vertical.start[0] : 0;
            this.rowLast = last;
        } else {
            this.rowFirst = y0 + top;
            this.rowLast = y1 + top;
        }
        this.scratch = horizontal != null ? new byte[Math.max(0, rowLast - rowFirst) * validWidth * 3] : null;
    }

    /**
     * @param rgb interleaved RGB input, {@code inWidth × inHeight}
     * @param planes output, {@code 3 × outHeight × outWidth}, R plane first
     */
    void apply(byte[] rgb, byte[] planes) {
        if (padded) {
            Arrays.fill(planes, (byte) 0);
        }
        int validWidth = x1 - x0;
        byte[] src;
        int srcStride;
        int srcColumn;
        int srcFirstRow;
        if (horizontal != null) {
            resampleRows(rgb);
            src = scratch;
            srcStride = validWidth * 3;
            srcColumn = 0;
            srcFirstRow = rowFirst;
        } else {
            src = rgb;
            srcStride = inWidth * 3;
            srcColumn = (x0 + left) * 3;
            srcFirstRow = 0;
        }
        if (vertical != null) {
            resampleColumns(src, srcStride, srcColumn, srcFirstRow, planes);
        } else {
            copyRows(src, srcStride, srcColumn, srcFirstRow, planes);
        }
    }

    private void resampleRows(byte[] rgb) {
        int validWidth = x1 - x0;
        int ksize = horizontal.ksize;
        int[] start = horizontal.start;
        int[] taps = horizontal.taps;
        int[] weights = horizontal.weights;
        int out = 0;
        for (int row = rowFirst; row < rowLast; row++) {
            int rowBase = row * inWidth * 3;
            for (int j = 0; j < validWidth; j++) {
                int r = AxisResampling.HALF;
                int g = AxisResampling.HALF;
                int b = AxisResampling.HALF;
                int p = rowBase + start[j] * 3;
                int k = j * ksize;
                for (int t = 0, n = taps[j]; t < n; t++, p += 3) {
                    int w = weights[k + t];
                    r += (rgb[p] & 0xff) * w;
                    g += (rgb[p + 1] & 0xff) * w;
                    b += (rgb[p + 2] & 0xff) * w;
                }
                scratch[out++] = (byte) AxisResampling.clip8(r);
                scratch[out++] = (byte) AxisResampling.clip8(g);
                scratch[out++] = (byte) AxisResampling.clip8(b);
            }
        }
    }

    private void resampleColumns(byte[] src, int srcStride, int srcColumn, int srcFirstRow, byte[] planes) {
        int validWidth = x1 - x0;
        int plane = outWidth * outHeight;
        int ksize = vertical.ksize;
        int[] start = vertical.start;
        int[] taps = vertical.taps;
        int[] weights = vertical.weights;
        for (int i = 0, n = y1 - y0; i < n; i++) {
            int outRow = (y0 + i) * outWidth + x0;
            int firstRow = (start[i] - srcFirstRow) * srcStride + srcColumn;
            int k = i * ksize;
            int count = taps[i];
            for (int j = 0; j < validWidth; j++) {
                int r = AxisResampling.HALF;
                int g = AxisResampling.HALF;
                int b = AxisResampling.HALF;
                int p = firstRow + j * 3;
                for (int t = 0; t < count; t++, p += srcStride) {
                    int w = weights[k + t];
                    r += (src[p] & 0xff) * w;
                    g += (src[p + 1] & 0xff) * w;
                    b += (src[p + 2] & 0xff) * w;
                }
                int o = outRow + j;
                planes[o] = (byte) AxisResampling.clip8(r);
                planes[plane + o] = (byte) AxisResampling.clip8(g);
                planes[2 * plane + o] = (byte) AxisResampling.clip8(b);
            }
        }
    }

    private void copyRows(byte[] src, int srcStride, int srcColumn, int srcFirstRow, byte[] planes) {
        int validWidth = x1 - x0;
        int plane = outWidth * outHeight;
        for (int i = 0, n = y1 - y0; i < n; i++) {
            int p = (y0 + i + top - srcFirstRow) * srcStride + srcColumn;
            int o = (y0 + i) * outWidth + x0;
            for (int j = 0; j < validWidth; j++, p += 3, o++) {
                planes[o] = src[p];
                planes[plane + o] = src[p + 1];
                planes[2 * plane + o] = src[p + 2];
            }
        }
    }
}
