package dev.tubelet.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ResampleFilter;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelNormalizerTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    @Test
    void everyValueIsBitIdenticalToThePlainFloatExpression() {
        PixelNormalizer normalizer = new PixelNormalizer(PreprocessorConfig.videoMaeDefaults(224));
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float expected = ((float) v / 255f - MEAN[c]) / STD[c];
                assertThat(Float.floatToRawIntBits(normalizer.value(c, v)))
                        .as("channel %d value %d", c, v)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    @Test
    void framesAlreadyAtCropSizePassThroughUnchangedAndNormalizeExactly() {
        int size = 48;
        byte[] rgb = new byte[size * size * 3];
        new SplittableRandom(3).nextBytes(rgb);
        PreprocessorConfig config = PreprocessorConfig.videoMaeDefaults(size);
        FramePlanes planes = new FramePreprocessor(config).preprocess(new RgbImage(size, size, rgb));
        PixelNormalizer normalizer = new PixelNormalizer(config);
        FloatBuffer out = FloatBuffer.allocate(3 * size * size);
        for (int c = 0; c < 3; c++) {
            normalizer.writePlane(planes, c, out, c * size * size);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    int u8 = rgb[(y * size + x) * 3 + c] & 0xff;
                    assertThat(planes.value(c, x, y)).isEqualTo(u8);
                    float expected = ((float) u8 / 255f - MEAN[c]) / STD[c];
                    assertThat(out.get(c * size * size + y * size + x)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void rescaleAndNormalizeCanBeSwitchedOff() {
        PreprocessorConfig raw = new PreprocessorConfig(
                false,
                0,
                0,
                0,
                ResampleFilter.BILINEAR,
                false,
                8,
                8,
                false,
                1 / 255.0,
                false,
                PreprocessorConfig.IMAGENET_MEAN,
                PreprocessorConfig.IMAGENET_STD);
        PixelNormalizer normalizer = new PixelNormalizer(raw);
        assertThat(normalizer.value(0, 200)).isEqualTo(200f);
    }
}
