package dev.tubelet.model.preprocess;

/**
 * A preprocessed frame in its compact form: three 8-bit planes (R, G, B), each
 * {@code height × width}, already resized and cropped to the model's input size.
 *
 * <p>This is what a window keeps per frame (150,528 bytes at 224×224, a quarter of the float
 * tensor); the rescale and normalization happen while a batch tensor is filled, through a
 * 256-entry table per channel. Instances are immutable once made: do not change
 * {@link #data()}.
 */
public final class FramePlanes {
    private final int width;
    private final int height;
    private final byte[] data;

    /**
     * @param width plane width
     * @param height plane height
     * @param data {@code 3 * height * width} bytes, R plane first; kept, not copied
     * @throws IllegalArgumentException when the size does not match
     */
    public FramePlanes(int width, int height, byte[] data) {
        if (width <= 0 || height <= 0 || data.length != 3 * width * height) {
            throw new IllegalArgumentException("frame planes " + width + "x" + height + " need " + (3L * width * height)
                    + " bytes, found " + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** @return plane width */
    public int width() {
        return width;
    }

    /** @return plane height */
    public int height() {
        return height;
    }

    /** @return pixels per plane */
    public int planeSize() {
        return width * height;
    }

    /** @return the three planes, R then G then B; read-only by contract */
    public byte[] data() {
        return data;
    }

    /**
     * @param channel 0 (R), 1 (G) or 2 (B)
     * @param x column
     * @param y row
     * @return the 8-bit value, 0 to 255
     */
    public int value(int channel, int x, int y) {
        return data[channel * width * height + y * width + x] & 0xff;
    }
}
