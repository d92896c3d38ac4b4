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
    private final int offset;

    /**
     * @param width plane width
     * @param height plane height
     * @param data {@code 3 * height * width} bytes, R plane first; kept, not copied
     * @throws IllegalArgumentException when the size does not match
     */
    public FramePlanes(int width, int height, byte[] data) {
        this(width, height, data, 0);
        if (data.length != 3 * width * height) {
            throw new IllegalArgumentException("frame planes " + width + "x" + height + " need " + (3L * width * height)
                    + " bytes, found " + data.length);
        }
    }

    /**
     * Planes inside a larger array (a window's frames, one after another).
     *
     * @param width plane width
     * @param height plane height
     * @param data the array; kept, not copied
     * @param offset where the R plane starts; {@code 3 * height * width} bytes follow
     * @throws IllegalArgumentException when they do not fit
     */
    public FramePlanes(int width, int height, byte[] data, int offset) {
        if (width <= 0 || height <= 0 || offset < 0 || data.length - offset < 3L * width * height) {
            throw new IllegalArgumentException("frame planes " + width + "x" + height + " need " + (3L * width * height)
                    + " bytes from offset " + offset + ", found " + (data.length - offset));
        }
        this.width = width;
        this.height = height;
        this.data = data;
        this.offset = offset;
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

    /** @return the array holding the three planes, R then G then B, from {@link #offset()}; read-only by contract */
    public byte[] data() {
        return data;
    }

    /** @return where the R plane starts in {@link #data()} */
    public int offset() {
        return offset;
    }

    /**
     * @param channel 0 (R), 1 (G) or 2 (B)
     * @param x column
     * @param y row
     * @return the 8-bit value, 0 to 255
     */
    public int value(int channel, int x, int y) {
        return data[offset + channel * width * height + y * width + x] & 0xff;
    }
}
