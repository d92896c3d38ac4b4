package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.ResampleFilter;

/**
 * PIL's resampling coefficients for one axis, computed the way Pillow's {@code Resample.c}
 * does ({@code precompute_coeffs} then {@code normalize_coeffs_8bpc}): a filter stretched by
 * the scale when downsizing, weights normalized to sum one, then rounded to 22-bit fixed point.
 * Only the output positions {@code [first, first + count)} are computed: a center crop needs no
 * more, and each output position depends on nothing but its own coefficients.
 */
final class AxisResampling {
    /** Pillow's fixed-point precision for 8-bit images: 32 - 8 - 2 bits. */
    static final int PRECISION_BITS = 22;

    static final int HALF = 1 << (PRECISION_BITS - 1);

    final int ksize;
    /** First input index used by each output position. */
    final int[] start;
    /** Number of input indices used by each output position. */
    final int[] taps;
    /** {@code ksize} fixed-point weights per output position. */
    final int[] weights;

    /**
     * @param inSize input length along the axis
     * @param outSize full output length along the axis
     * @param first first output position wanted
     * @param count number of output positions wanted
     * @param filter the PIL filter
     */
    AxisResampling(int inSize, int outSize, int first, int count, ResampleFilter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        this.ksize = (int) Math.ceil(support) * 2 + 1;
        this.start = new int[count];
        this.taps = new int[count];
        this.weights = new int[count * ksize];
        double[] k = new double[ksize];
        double inverseScale = 1.0 / filterScale;
        for (int i = 0; i < count; i++) {
            int xx = first + i;
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.weight((x + xmin - center + 0.5) * inverseScale);
                k[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = sum != 0.0 ? k[x] / sum : k[x];
                weights[i * ksize + x] =
                        w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
            }
            start[i] = xmin;
            taps[i] = xmax;
        }
    }

    /** Pillow's {@code clip8}: back from fixed point to a byte, saturating. */
    static int clip8(int fixedPoint) {
        int v = fixedPoint >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
