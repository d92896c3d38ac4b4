package dev.tubelet.operators.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.schema.DeadLetterReason;
import dev.tubelet.schema.FrameEncoding;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes frames to RGB: JPEG with libjpeg-turbo ({@link JpegDecoder}), PNG with OpenCV (libpng),
 * raw RGB/BGR by copy.
 * The header's pixel count is checked before decoding. A JPEG at least twice as large as the
 * model needs (on its short side) is decoded at 1/2, 1/4 or 1/8 scale by the JPEG decoder's own
 * DCT scaling, which is several times faster than decoding it whole; {@code exact} turns that
 * off so that every frame is decoded at full size, as a Python pipeline would.
 *
 * <p>A decoded JPEG or PNG lives in a buffer the decoder reuses (a camera's frames all have one
 * size, and a frame is preprocessed right after it is decoded): the image it returns is valid
 * until the next call. Not thread-safe; one per operator instance.
 */
public final class FrameDecoder implements AutoCloseable {
    private final long maxPixels;
    private final int targetShortSide;
    private final boolean exact;
    private byte[] pixels = new byte[0];
    /** Native copy of the encoded bytes (both codecs read it) and the decoded PNG, reused frame after frame. */
    private BytePointer input = new BytePointer(0L);

    private final Mat decoded = new Mat();
    private final JpegDecoder jpeg = new JpegDecoder();

    /**
     * @param maxPixels largest width × height accepted
     * @param targetShortSide the short side the model's preprocessing resizes to
     * @param exact decode every frame at full size
     */
    public FrameDecoder(long maxPixels, int targetShortSide, boolean exact) {
        this.maxPixels = maxPixels;
        this.targetShortSide = targetShortSide;
        this.exact = exact;
    }

    /**
     * @param encoding the frame's encoding
     * @param data its bytes
     * @param width its stated width (raw encodings)
     * @param height its stated height (raw encodings)
     * @return the RGB image, valid until the next call (JPEG and PNG are decoded into a buffer this
     *     decoder reuses; a raw RGB frame is its own data)
     * @throws DecodeException CORRUPT_IMAGE, IMAGE_TOO_LARGE or UNKNOWN_ENCODING
     */
    public RgbImage decode(FrameEncoding encoding, byte[] data, int width, int height) throws DecodeException {
        switch (encoding) {
            case RAW_RGB24:
                checkPixels(width, height);
                return new RgbImage(width, height, data);
            case RAW_BGR24: {
                checkPixels(width, height);
                byte[] rgb = new byte[data.length];
                swapRedBlue(data, rgb, data.length);
                return new RgbImage(width, height, rgb);
            }
            case JPEG: {
                ImageHeader header = ImageHeader.jpeg(data);
                checkPixels(header.width(), header.height());
                return jpeg.decode(data, nativeCopy(data), reduction(header));
            }
            case PNG: {
                ImageHeader header = ImageHeader.png(data);
                checkPixels(header.width(), header.height());
                return decodePng(data);
            }
            default:
                throw new DecodeException(DeadLetterReason.UNKNOWN_ENCODING, "cannot decode " + encoding + " frames");
        }
    }

    private void checkPixels(int width, int height) throws DecodeException {
        if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
            throw new DecodeException(
                    DeadLetterReason.IMAGE_TOO_LARGE,
                    "the image is " + width + "x" + height + ", more than the limit of " + maxPixels
                            + " pixels (or not a valid size)");
        }
    }

    /** The DCT scale denominator: the largest of 8, 4 and 2 that keeps the short side at the target or above. */
    private int reduction(ImageHeader header) {
        if (exact) {
            return 1;
        }
        int shortSide = Math.min(header.width(), header.height());
        for (int reduction = 8; reduction > 1; reduction /= 2) {
            if (shortSide >= reduction * targetShortSide) {
                return reduction;
            }
        }
        return 1;
    }

    /** The frame's bytes in native memory, in a buffer that grows by half when a frame outgrows it. */
    private BytePointer nativeCopy(byte[] data) {
        if (input.capacity() < data.length) {
            input.close();
            input = new BytePointer((long) data.length + (data.length >> 1));
        }
        return input.position(0).put(data, 0, data.length);
    }

    private RgbImage decodePng(byte[] data) throws DecodeException {
        try (Mat encoded = new Mat(1, data.length, CV_8UC1, nativeCopy(data))) {
            // RGB from the codec itself, no pass to swap.
            Mat image = imdecode(encoded, IMREAD_COLOR | IMREAD_COLOR_RGB, decoded);
            if (image == null || image.empty() || image.channels() != 3) {
                throw new DecodeException(
                        DeadLetterReason.CORRUPT_IMAGE, "the image data does not decode (" + data.length + " bytes)");
            }
            int w = image.cols();
            int h = image.rows();
            if (pixels.length != w * h * 3) {
                pixels = new byte[w * h * 3];
            }
            byte[] rgb = pixels;
            BytePointer pixels = image.data();
            long step = image.step();
            if (step == (long) w * 3) {
                pixels.get(rgb);
            } else {
                for (int y = 0; y < h; y++) {
                    pixels.position(y * step).get(rgb, y * w * 3, w * 3);
                }
            }
            return new RgbImage(w, h, rgb);
        }
    }

    /** Frees the native buffers. */
    @Override
    public void close() {
        input.close();
        decoded.close();
    }

    private static void swapRedBlue(byte[] from, byte[] to, int length) {
        for (int i = 0; i < length; i += 3) {
            byte first = from[i];
            to[i] = from[i + 2];
            to[i + 1] = from[i + 1];
            to[i + 2] = first;
        }
    }
}
