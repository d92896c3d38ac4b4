package dev.tubelet.model.testutils;

import dev.tubelet.model.preprocess.RgbImage;

/**
 * A generated scene with known truth: coloured rectangles moving at constant speed over a static,
 * textured background, bouncing off the frame's edges. Frame {@code t} is a pure function of
 * {@code t}, so producers and checks agree without sharing anything.
 */
public final class MovingObjects {
    /**
     * @param x start left edge, px
     * @param y start top edge, px
     * @param w width, px
     * @param h height, px
     * @param vx px per frame
     * @param vy px per frame
     * @param rgb colour
     */
    public record Mover(double x, double y, int w, int h, double vx, double vy, int rgb) {}

    private final int width;
    private final int height;
    private final Mover[] movers;

    public MovingObjects(int width, int height, Mover... movers) {
        this.width = width;
        this.height = height;
        this.movers = movers;
    }

    /**
     * Three figure-sized rectangles on a 320x240 frame, each in its own lane (so they never touch),
     * moving at 1.6 to 2.4 px per frame: red, blue and yellow, the demo's colours.
     */
    public static MovingObjects three() {
        return new MovingObjects(
                320,
                240,
                new Mover(20, 8, 24, 56, 2.0, 0, 0xD03C32),
                new Mover(250, 92, 26, 60, -1.6, 0, 0x283CC8),
                new Mover(140, 178, 22, 54, 2.4, 0, 0xF0C828));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int count() {
        return movers.length;
    }

    /** @return the left edge of mover {@code i} at frame {@code t}, bouncing inside the frame */
    private static double bounce(double start, double v, int t, int extent) {
        double span = extent;
        double p = start + v * t;
        double period = 2 * span;
        p = ((p % period) + period) % period;
        return p <= span ? p : period - p;
    }

    /** @return mover {@code i}'s box at frame {@code t}: x1, y1, x2, y2 normalized to the frame */
    public float[] box(int i, int t) {
        Mover m = movers[i];
        double x = bounce(m.x(), m.vx(), t, width - m.w());
        double y = bounce(m.y(), m.vy(), t, height - m.h());
        return new float[] {
            (float) (x / width), (float) (y / height), (float) ((x + m.w()) / width), (float) ((y + m.h()) / height)
        };
    }

    /** @return frame {@code t} as RGB */
    public RgbImage frame(int t) {
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                // a static background with gentle gradients and a fixed texture
                int texture = ((x * 7 + y * 13) % 17) - 8;
                px[o] = (byte) clamp(90 + y / 4 + texture);
                px[o + 1] = (byte) clamp(120 + x / 8 + texture);
                px[o + 2] = (byte) clamp(100 + texture);
            }
        }
        for (int i = 0; i < movers.length; i++) {
            float[] b = box(i, t);
            int x1 = Math.round(b[0] * width);
            int y1 = Math.round(b[1] * height);
            int x2 = Math.round(b[2] * width);
            int y2 = Math.round(b[3] * height);
            int rgb = movers[i].rgb();
            for (int y = Math.max(0, y1); y < Math.min(height, y2); y++) {
                for (int x = Math.max(0, x1); x < Math.min(width, x2); x++) {
                    int o = (y * width + x) * 3;
                    px[o] = (byte) (rgb >> 16);
                    px[o + 1] = (byte) (rgb >> 8);
                    px[o + 2] = (byte) rgb;
                }
            }
        }
        return new RgbImage(width, height, px);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * @param t frame
     * @param gap distance, normalized, under which two objects count as touching
     * @return whether two objects touch at frame {@code t} (a motion proposer sees one blob then)
     */
    public boolean touching(int t, float gap) {
        for (int i = 0; i < movers.length; i++) {
            for (int j = i + 1; j < movers.length; j++) {
                float[] a = box(i, t);
                float[] b = box(j, t);
                if (a[0] < b[2] + gap && b[0] < a[2] + gap && a[1] < b[3] + gap && b[1] < a[3] + gap) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Intersection over union of two normalized boxes. */
    public static double iou(float[] a, float[] b) {
        double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
