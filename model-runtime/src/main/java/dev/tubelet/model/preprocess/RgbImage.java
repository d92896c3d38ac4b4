package dev.tubelet.model.preprocess;

/**
 * A decoded frame: 8-bit RGB, interleaved ({@code R G B R G B …}), rows top to bottom.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels {@code width * height * 3} bytes; not copied, so do not change them while in use
 */
public record RgbImage(int width, int height, byte[] pixels) {
    /**
     * @throws IllegalArgumentException when the sizes are not positive or the byte count does not match
     */
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
        long expected = (long) width * height * 3;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " RGB image needs " + expected + " bytes, found " + pixels.length);
        }
    }
}
