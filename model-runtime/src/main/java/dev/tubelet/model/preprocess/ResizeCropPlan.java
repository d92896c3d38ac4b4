package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.ResampleFilter;
import java.util.Arrays;

/**
 * Resize then center crop for one input size, done in one go: only the resized pixels that the
 * crop keeps are computed, with Pillow's separable two-pass resampling (horizontal first, each
 * pass rounded to 8 bits, the same fixed-point sums as {@code Image.resize}, so the pixels are
 * Pillow's bit for bit), and the result is written as R, G, B planes. Crop offsets follow Hugging
 * Face's {@code center_crop}: {@code (size - crop) // 2}, zero padding where the crop is larger
 * than the image. A pass whose size does not change is skipped, as Pillow skips it: a frame that
 * already has the resized size is only cropped.
 *
 * <p>Laid out for speed: the horizontal pass gives every output column the same number of taps
 * (zero weights where a column has fewer, which add nothing), reads the interleaved input once
 * for all three colours, and writes one int array per row and colour; the vertical pass adds
 * weighted rows, loops over separate arrays that the JIT compiles to vector instructions.
 *
 * <p>Not thread-safe: it owns scratch buffers.
 */
final class ResizeCropPlan {
    final int inWidth;
    final int inHeight;
    final int outWidth;
    final int outHeight;
    /** Output pixels [x0, x1) × [y0, y1) come from the image; the rest is padding. */
    private final int x0;

    private final int x1;
    private final int y0;
    private final int y1;
    private final int left;
    private final int top;
    private final boolean padded;
    private final int validWidth;
    /** Horizontal pass, or null: first input pixel of each output column, × 3 (interleaved RGB). */
    private final int[] hStart;
    /** Taps of every output column (the most any column needs). */
    private final int hTaps;
    /** {@code hTaps} weights per output column, zero where a column needs fewer. */
    private final int[] hWeights;
    /** Vertical pass, or null. */
    private final AxisResampling vertical;
    /** Input rows the vertical pass (or the crop) reads: [rowFirst, rowLast). */
    private final int rowFirst;

    private final int rowLast;
    /** [colour][row - rowFirst]: the rows the vertical pass reads (validWidth values, 0–255). */
    private final int[][][] rows;
    /** The vertical pass's sums for one output row of one colour. */
    private final int[] sums;

    /**
     * @param inWidth input width
     * @param inHeight input height
     * @param resizedWidth width after resize (equal to the input for no resize)
     * @param resizedHeight height after resize
     * @param outWidth width after crop
     * @param outHeight height after crop
     * @param filter PIL filter for the resize
     */
    ResizeCropPlan(
            int inWidth,
            int inHeight,
            int resizedWidth,
            int resizedHeight,
            int outWidth,
            int outHeight,
            ResampleFilter filter) {
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.outWidth = outWidth;
        this.outHeight = outHeight;
        this.left = Math.floorDiv(resizedWidth - outWidth, 2);
        this.top = Math.floorDiv(resizedHeight - outHeight, 2);
        this.x0 = Math.max(0, -left);
        this.x1 = Math.min(outWidth, resizedWidth - left);
        this.y0 = Math.max(0, -top);
        this.y1 = Math.min(outHeight, resizedHeight - top);
        this.padded = x0 > 0 || y0 > 0 || x1 < outWidth || y1 < outHeight;
        this.validWidth = Math.max(0, x1 - x0);
        int validHeight = Math.max(0, y1 - y0);
        if (resizedWidth != inWidth && validWidth > 0) {
            AxisResampling h = new AxisResampling(inWidth, resizedWidth, x0 + left, validWidth, filter);
            int taps = 0;
            for (int j = 0; j < validWidth; j++) {
                taps = Math.max(taps, h.taps[j]);
            }
            this.hTaps = Math.min(taps, inWidth);
            this.hStart = new int[validWidth];
            this.hWeights = new int[validWidth * hTaps];
            for (int j = 0; j < validWidth; j++) {
                // a column near the right edge starts earlier, its own taps shifted behind zero weights
                int start = Math.min(h.start[j], inWidth - hTaps);
                int shift = h.start[j] - start;
                for (int t = 0; t < h.taps[j]; t++) {
                    hWeights[j * hTaps + shift + t] = h.weights[j * h.ksize + t];
                }
                hStart[j] = start * 3;
            }
        } else {
            this.hTaps = 0;
            this.hStart = null;
            this.hWeights = null;
        }
        this.vertical = resizedHeight != inHeight && validHeight > 0
                ? new AxisResampling(inHeight, resizedHeight, y0 + top, validHeight, filter)
                : null;
        if (vertical != null) {
            int last = 0;
            for (int i = 0; i < validHeight; i++) {
                last = Math.max(last, vertical.start[i] + vertical.taps[i]);
            }
            this.rowFirst = vertical.start[0];
            this.rowLast = last;
        } else {
            this.rowFirst = y0 + top;
            this.rowLast = y1 + top;
        }
        boolean resamples = hStart != null || vertical != null;
        int rowCount = Math.max(0, rowLast - rowFirst);
        this.rows = resamples ? new int[3][rowCount][validWidth] : null;
        this.sums = vertical != null ? new int[validWidth] : null;
    }

    /** @return whether a frame of this size is resampled at all (else it is only cropped) */
    boolean resamples() {
        return hStart != null || vertical != null;
    }

    /**
     * @param rgb interleaved RGB input, {@code inWidth × inHeight}
     * @param planes output, {@code 3 × outHeight × outWidth} from {@code offset}, R plane first
     * @param offset where the output starts in {@code planes}
     */
    void apply(byte[] rgb, byte[] planes, int offset) {
        if (padded) {
            Arrays.fill(planes, offset, offset + 3 * outWidth * outHeight, (byte) 0);
        }
        if (validWidth == 0 || y1 <= y0) {
            return;
        }
        if (!resamples()) {
            cropOnly(rgb, planes, offset);
            return;
        }
        for (int row = rowFirst; row < rowLast; row++) {
            int r = row - rowFirst;
            if (hStart != null) {
                resampleRow(rgb, row * inWidth * 3, rows[0][r], rows[1][r], rows[2][r]);
            } else {
                splitRow(rgb, (row * inWidth + x0 + left) * 3, rows[0][r], rows[1][r], rows[2][r]);
            }
        }
        int plane = outWidth * outHeight;
        for (int c = 0; c < 3; c++) {
            if (vertical != null) {
                resampleColumns(rows[c], planes, offset + c * plane);
            } else {
                copyRows(rows[c], planes, offset + c * plane);
            }
        }
    }

    /** The crop's columns of one input row, split into R, G, B (the width does not change). */
    private void splitRow(byte[] rgb, int p, int[] r, int[] g, int[] b) {
        for (int x = 0; x < validWidth; x++, p += 3) {
            r[x] = rgb[p] & 0xff;
            g[x] = rgb[p + 1] & 0xff;
            b[x] = rgb[p + 2] & 0xff;
        }
    }

    /** The horizontal pass over one input row, into R, G, B rows. */
    private void resampleRow(byte[] rgb, int rowBase, int[] r, int[] g, int[] b) {
        switch (hTaps) {
            // the common tap counts get a loop of their own, which the compiler lays out flat
            case 2 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 2) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF + (rgb[p] & 0xff) * w0 + (rgb[p + 3] & 0xff) * w1);
                    g[j] = AxisResampling.clip8(
                            AxisResampling.HALF + (rgb[p + 1] & 0xff) * w0 + (rgb[p + 4] & 0xff) * w1);
                    b[j] = AxisResampling.clip8(
                            AxisResampling.HALF + (rgb[p + 2] & 0xff) * w0 + (rgb[p + 5] & 0xff) * w1);
                }
            }
            case 3 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 3) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2);
                }
            }
            case 4 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 4) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    int w3 = hWeights[k + 3];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2
                            + (rgb[p + 9] & 0xff) * w3);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2
                            + (rgb[p + 10] & 0xff) * w3);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2
                            + (rgb[p + 11] & 0xff) * w3);
                }
            }
            case 5 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 5) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    int w3 = hWeights[k + 3];
                    int w4 = hWeights[k + 4];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2
                            + (rgb[p + 9] & 0xff) * w3
                            + (rgb[p + 12] & 0xff) * w4);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2
                            + (rgb[p + 10] & 0xff) * w3
                            + (rgb[p + 13] & 0xff) * w4);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2
                            + (rgb[p + 11] & 0xff) * w3
                            + (rgb[p + 14] & 0xff) * w4);
                }
            }
            case 6 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 6) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    int w3 = hWeights[k + 3];
                    int w4 = hWeights[k + 4];
                    int w5 = hWeights[k + 5];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2
                            + (rgb[p + 9] & 0xff) * w3
                            + (rgb[p + 12] & 0xff) * w4
                            + (rgb[p + 15] & 0xff) * w5);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2
                            + (rgb[p + 10] & 0xff) * w3
                            + (rgb[p + 13] & 0xff) * w4
                            + (rgb[p + 16] & 0xff) * w5);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2
                            + (rgb[p + 11] & 0xff) * w3
                            + (rgb[p + 14] & 0xff) * w4
                            + (rgb[p + 17] & 0xff) * w5);
                }
            }
            case 7 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 7) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    int w3 = hWeights[k + 3];
                    int w4 = hWeights[k + 4];
                    int w5 = hWeights[k + 5];
                    int w6 = hWeights[k + 6];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2
                            + (rgb[p + 9] & 0xff) * w3
                            + (rgb[p + 12] & 0xff) * w4
                            + (rgb[p + 15] & 0xff) * w5
                            + (rgb[p + 18] & 0xff) * w6);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2
                            + (rgb[p + 10] & 0xff) * w3
                            + (rgb[p + 13] & 0xff) * w4
                            + (rgb[p + 16] & 0xff) * w5
                            + (rgb[p + 19] & 0xff) * w6);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2
                            + (rgb[p + 11] & 0xff) * w3
                            + (rgb[p + 14] & 0xff) * w4
                            + (rgb[p + 17] & 0xff) * w5
                            + (rgb[p + 20] & 0xff) * w6);
                }
            }
            case 8 -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += 8) {
                    int p = rowBase + hStart[j];
                    int w0 = hWeights[k];
                    int w1 = hWeights[k + 1];
                    int w2 = hWeights[k + 2];
                    int w3 = hWeights[k + 3];
                    int w4 = hWeights[k + 4];
                    int w5 = hWeights[k + 5];
                    int w6 = hWeights[k + 6];
                    int w7 = hWeights[k + 7];
                    r[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p] & 0xff) * w0
                            + (rgb[p + 3] & 0xff) * w1
                            + (rgb[p + 6] & 0xff) * w2
                            + (rgb[p + 9] & 0xff) * w3
                            + (rgb[p + 12] & 0xff) * w4
                            + (rgb[p + 15] & 0xff) * w5
                            + (rgb[p + 18] & 0xff) * w6
                            + (rgb[p + 21] & 0xff) * w7);
                    g[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 1] & 0xff) * w0
                            + (rgb[p + 4] & 0xff) * w1
                            + (rgb[p + 7] & 0xff) * w2
                            + (rgb[p + 10] & 0xff) * w3
                            + (rgb[p + 13] & 0xff) * w4
                            + (rgb[p + 16] & 0xff) * w5
                            + (rgb[p + 19] & 0xff) * w6
                            + (rgb[p + 22] & 0xff) * w7);
                    b[j] = AxisResampling.clip8(AxisResampling.HALF
                            + (rgb[p + 2] & 0xff) * w0
                            + (rgb[p + 5] & 0xff) * w1
                            + (rgb[p + 8] & 0xff) * w2
                            + (rgb[p + 11] & 0xff) * w3
                            + (rgb[p + 14] & 0xff) * w4
                            + (rgb[p + 17] & 0xff) * w5
                            + (rgb[p + 20] & 0xff) * w6
                            + (rgb[p + 23] & 0xff) * w7);
                }
            }
            default -> {
                for (int j = 0, k = 0; j < validWidth; j++, k += hTaps) {
                    int sr = AxisResampling.HALF;
                    int sg = AxisResampling.HALF;
                    int sb = AxisResampling.HALF;
                    int p = rowBase + hStart[j];
                    for (int t = 0; t < hTaps; t++, p += 3) {
                        int w = hWeights[k + t];
                        sr += (rgb[p] & 0xff) * w;
                        sg += (rgb[p + 1] & 0xff) * w;
                        sb += (rgb[p + 2] & 0xff) * w;
                    }
                    r[j] = AxisResampling.clip8(sr);
                    g[j] = AxisResampling.clip8(sg);
                    b[j] = AxisResampling.clip8(sb);
                }
            }
        }
    }

    /** The vertical pass over one colour: weighted rows added, rounded to 8 bits, into its plane. */
    private void resampleColumns(int[][] source, byte[] planes, int planeBase) {
        for (int i = 0, n = y1 - y0; i < n; i++) {
            int first = vertical.start[i] - rowFirst;
            int k = i * vertical.ksize;
            int count = vertical.taps[i];
            int[] row = source[first];
            int w = vertical.weights[k];
            for (int j = 0; j < validWidth; j++) {
                sums[j] = AxisResampling.HALF + row[j] * w;
            }
            for (int t = 1; t < count; t++) {
                row = source[first + t];
                w = vertical.weights[k + t];
                for (int j = 0; j < validWidth; j++) {
                    sums[j] += row[j] * w;
                }
            }
            int o = planeBase + (y0 + i) * outWidth + x0;
            for (int j = 0; j < validWidth; j++) {
                planes[o + j] = (byte) AxisResampling.clip8(sums[j]);
            }
        }
    }

    /** One colour's rows into its plane (the height does not change). */
    private void copyRows(int[][] source, byte[] planes, int planeBase) {
        for (int i = 0, n = y1 - y0; i < n; i++) {
            int[] row = source[y0 + i + top - rowFirst];
            int o = planeBase + (y0 + i) * outWidth + x0;
            for (int j = 0; j < validWidth; j++) {
                planes[o + j] = (byte) row[j];
            }
        }
    }

    /** No resampling: the crop's pixels, split into planes. */
    private void cropOnly(byte[] rgb, byte[] planes, int offset) {
        int plane = outWidth * outHeight;
        int stride = inWidth * 3;
        for (int i = 0, n = y1 - y0; i < n; i++) {
            int p = (y0 + i + top) * stride + (x0 + left) * 3;
            int o = offset + (y0 + i) * outWidth + x0;
            for (int j = 0; j < validWidth; j++, p += 3, o++) {
                planes[o] = rgb[p];
                planes[plane + o] = rgb[p + 1];
                planes[2 * plane + o] = rgb[p + 2];
            }
        }
    }
}
