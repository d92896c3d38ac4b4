package dev.tubelet.model.config;

import dev.tubelet.model.InvalidModelException;

/**
 * PIL's resampling filters, by the codes Hugging Face writes into {@code preprocessor_config.json}
 * ({@code "resample": 2} is bilinear). Each has PIL's support and kernel, so that a resize made
 * here gives the same pixels as {@code Image.resize}.
 */
public enum ResampleFilter {
    LANCZOS(1, 3.0) {
        @Override
        public double weight(double x) {
            return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
        }
    },
    BILINEAR(2, 1.0) {
        @Override
        public double weight(double x) {
            double ax = Math.abs(x);
            return ax < 1.0 ? 1.0 - ax : 0.0;
        }
    },
    BICUBIC(3, 2.0) {
        @Override
        public double weight(double x) {
            // PIL's cubic with a = -0.5
            final double a = -0.5;
            double ax = Math.abs(x);
            if (ax < 1.0) {
                return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
            }
            if (ax < 2.0) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0.0;
        }
    },
    BOX(4, 0.5) {
        @Override
        public double weight(double x) {
            return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        }
    },
    HAMMING(5, 1.0) {
        @Override
        public double weight(double x) {
            double ax = Math.abs(x);
            if (ax == 0.0) {
                return 1.0;
            }
            if (ax >= 1.0) {
                return 0.0;
            }
            ax = ax * Math.PI;
            // PIL writes the window's constants as C floats
            return Math.sin(ax) / ax * (0.54f + 0.46f * Math.cos(ax));
        }
    };

    private final int pilCode;
    private final double support;

    ResampleFilter(int pilCode, double support) {
        this.pilCode = pilCode;
        this.support = support;
    }

    /**
     * @param x distance from the sample centre, in input pixels at scale 1
     * @return PIL's kernel weight there
     */
    public abstract double weight(double x);

    /** @return the filter's half width at scale 1 */
    public double support() {
        return support;
    }

    /** @return PIL's integer code for this filter */
    public int pilCode() {
        return pilCode;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }

    /**
     * @param code PIL's resample code as found in preprocessor_config.json
     * @return the filter
     * @throws InvalidModelException for nearest (0) and unknown codes
     */
    public static ResampleFilter fromPilCode(int code) {
        for (ResampleFilter filter : values()) {
            if (filter.pilCode == code) {
                return filter;
            }
        }
        throw new InvalidModelException("preprocessor_config.json: 'resample' must be a PIL filter code "
                + "1 (lanczos), 2 (bilinear), 3 (bicubic), 4 (box) or 5 (hamming), found " + code);
    }
}
