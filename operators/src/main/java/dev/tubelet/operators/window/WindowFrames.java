package dev.tubelet.operators.window;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.decode.FrameDecoder;
import dev.tubelet.operators.metrics.CpuTime;
import dev.tubelet.schema.FrameEncoding;

/**
 * A kept frame's bytes to what the model reads: decoded (a large JPEG at a reduced DCT scale
 * unless exact decoding is asked for) and preprocessed once to the model's input size, as 8-bit
 * planes. The window assembler does it when it samples a frame; after a restore (windows and
 * state hold frames as they arrived, not planes) or when the plane cache has let a frame go, the
 * same steps on the same bytes give the same planes.
 *
 * <p>Counts the CPU time of both steps. One per operator instance; not thread-safe.
 */
public final class WindowFrames implements AutoCloseable {
    private static final FrameEncoding[] ENCODINGS = FrameEncoding.values();

    /**
     * How frames are decoded, for operators that make planes again (the inference functions, after
     * a restore): the window assembler's settings.
     *
     * @param maxPixels largest image decoded
     * @param exactDecode decode every JPEG at full size
     */
    public record Decoding(long maxPixels, boolean exactDecode) implements java.io.Serializable {
        /** The job's defaults. */
        public static Decoding defaults() {
            return new Decoding(
                    dev.tubelet.operators.frames.FrameLimits.defaults().maxPixels(), false);
        }
    }

    private final FrameDecoder decoder;
    private final FramePreprocessor preprocessor;
    private long decodeCpuNanos;
    private long preprocessCpuNanos;

    /**
     * @param preprocessing the model's preprocessing
     * @param maxPixels largest image decoded
     * @param exactDecode decode every JPEG at full size
     */
    public WindowFrames(PreprocessorConfig preprocessing, Decoding decoding) {
        this(preprocessing, decoding.maxPixels(), decoding.exactDecode());
    }

    /**
     * @param preprocessing the model's preprocessing
     * @param maxPixels largest image decoded
     * @param exactDecode decode every JPEG at full size
     */
    public WindowFrames(PreprocessorConfig preprocessing, long maxPixels, boolean exactDecode) {
        int shortSide = preprocessing.shortestEdge() > 0
                ? preprocessing.shortestEdge()
                : Math.min(preprocessing.resizeHeight(), preprocessing.resizeWidth());
        this.decoder = new FrameDecoder(maxPixels, Math.max(1, shortSide), exactDecode);
        this.preprocessor = new FramePreprocessor(preprocessing);
    }

    /**
     * @param encoding a {@link FrameEncoding} ordinal
     * @param data the frame's bytes
     * @param width its stated width (raw encodings)
     * @param height its stated height (raw encodings)
     * @return the decoded image
     * @throws DecodeException when the bytes are not the image the frame says
     */
    RgbImage decode(int encoding, byte[] data, int width, int height) throws DecodeException {
        long start = CpuTime.now();
        try {
            return decoder.decode(ENCODINGS[encoding], data, width, height);
        } finally {
            decodeCpuNanos += CpuTime.now() - start;
        }
    }

    /**
     * @param image a decoded frame
     * @param into where the planes go
     * @param offset where in {@code into}
     * @return the image resized and cropped for the model, as planes in {@code into}
     */
    FramePlanes planes(RgbImage image, byte[] into, int offset) {
        long start = CpuTime.now();
        FramePlanes planes = preprocessor.preprocess(image, into, offset);
        preprocessCpuNanos += CpuTime.now() - start;
        return planes;
    }

    /** @return bytes of the planes of a frame decoded at that size */
    int planeBytes(int sourceWidth, int sourceHeight) {
        int[] size = preprocessor.outputSize(sourceWidth, sourceHeight);
        return 3 * size[0] * size[1];
    }

    /**
     * Gives a window its planes when it has none (it was restored from a checkpoint), from its
     * frames' bytes.
     *
     * @param window a window
     * @throws IllegalStateException when a frame that decoded before no longer does (the decoder
     *     settings changed between the run that kept it and this one)
     */
    public void ensurePixels(ClipWindow window) {
        if (window.pixels != null) {
            return;
        }
        byte[] pixels = new byte[window.frames.length * window.frameBytes()];
        for (int i = 0; i < window.frames.length; i++) {
            planes(window.cameraId, window.frames[i], pixels, i * window.frameBytes());
        }
        window.pixels = pixels;
    }

    /** One kept frame's planes, decoded again, into {@code into} at {@code offset}. */
    void planes(String cameraId, SampledFrame frame, byte[] into, int offset) {
        try {
            planes(decode(frame.encoding, frame.data, frame.statedWidth, frame.statedHeight), into, offset);
        } catch (DecodeException e) {
            throw new IllegalStateException(
                    "frame " + frame.seq + " of camera " + cameraId + " decoded when it arrived and does not now: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Frees the decoder's native buffers. */
    @Override
    public void close() {
        decoder.close();
    }

    /** @return CPU time spent decoding, nanoseconds */
    public long decodeCpuNanos() {
        return decodeCpuNanos;
    }

    /** @return CPU time spent resizing and cropping, nanoseconds */
    public long preprocessCpuNanos() {
        return preprocessCpuNanos;
    }
}
