package dev.tubelet.model.preprocess;

import ai.onnxruntime.platform.Fp16Conversions;
import dev.tubelet.model.config.PreprocessorConfig;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Rescale and normalization as 256-entry tables per channel, applied while a tensor is filled.
 *
 * <p>Each entry is computed as Hugging Face computes it: {@code float32(u8 * rescale_factor)}
 * (numpy multiplies in float64 and casts), then {@code (x - mean) / std} in float32. For the
 * usual factor 1/255 that is bit-identical to {@code ((float) u8 / 255f - mean[c]) / std[c]}.
 * A table lookup per pixel is all the hot path does.
 */
public final class PixelNormalizer {
    private final float[][] table = new float[3][256];
    private final short[][] halfTable = new short[3][256];

    /**
     * @param config rescale and normalization settings
     */
    public PixelNormalizer(PreprocessorConfig config) {
        for (int c = 0; c < 3; c++) {
            float mean = (float) config.imageMean()[c];
            float std = (float) config.imageStd()[c];
            for (int v = 0; v < 256; v++) {
                float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
                if (config.doNormalize()) {
                    x = (x - mean) / std;
                }
                table[c][v] = x;
                halfTable[c][v] = Fp16Conversions.floatToFp16(x);
            }
        }
    }

    /**
     * @param channel 0 (R), 1 (G), 2 (B)
     * @param value 8-bit value, 0 to 255
     * @return the normalized float32 value
     */
    public float value(int channel, int value) {
        return table[channel][value];
    }

    /**
     * Writes one plane, normalized, into a float tensor.
     *
     * @param planes the frame's planes
     * @param channel which plane
     * @param out the tensor buffer (absolute puts; its position is not used)
     * @param offset index of the plane's first element in {@code out}
     */
    public void writePlane(FramePlanes planes, int channel, FloatBuffer out, int offset) {
        float[] lut = table[channel];
        byte[] data = planes.data();
        int size = planes.planeSize();
        int base = planes.offset() + channel * size;
        for (int i = 0; i < size; i++) {
            out.put(offset + i, lut[data[base + i] & 0xff]);
        }
    }

    /**
     * Writes one plane, normalized, into a float16 tensor.
     *
     * @param planes the frame's planes
     * @param channel which plane
     * @param out the tensor buffer (absolute puts)
     * @param offset index of the plane's first element in {@code out}
     */
    public void writePlane(FramePlanes planes, int channel, ShortBuffer out, int offset) {
        short[] lut = halfTable[channel];
        byte[] data = planes.data();
        int size = planes.planeSize();
        int base = planes.offset() + channel * size;
        for (int i = 0; i < size; i++) {
            out.put(offset + i, lut[data[base + i] & 0xff]);
        }
    }
}
