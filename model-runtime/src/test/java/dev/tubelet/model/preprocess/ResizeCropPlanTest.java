package dev.tubelet.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ResampleFilter;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resize and crop laid out for speed gives the plain reading of Pillow's algorithm's pixels
 * bit for bit ({@link ReferenceResizeCrop}; both are held to PIL itself by the golden tests), over
 * downsizing, upsizing, one axis only, crops larger than the image and every filter.
 */
class ResizeCropPlanTest {
    private static byte[] noise(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return rgb;
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, crop {4}x{5}")
    @CsvSource({
        "320, 240, 298, 224, 224, 224",
        "1280, 720, 398, 224, 224, 224",
        "640, 480, 298, 224, 224, 224",
        "240, 320, 224, 298, 224, 224",
        "100, 90, 124, 112, 112, 112",
        "90, 70, 144, 112, 160, 160",
        "300, 224, 298, 224, 224, 224",
        "298, 240, 298, 224, 224, 224",
        "7, 5, 30, 20, 16, 24",
        "400, 300, 149, 112, 112, 112",
        "900, 600, 336, 224, 224, 224",
        "1000, 750, 298, 224, 224, 224"
    })
    void givesTheReferencePixelsForEveryFilter(int w, int h, int rw, int rh, int cw, int ch) {
        for (ResampleFilter filter : ResampleFilter.values()) {
            byte[] rgb = noise(w, h, w * 31L + h);
            byte[] expected = new byte[3 * cw * ch];
            new ReferenceResizeCrop(w, h, rw, rh, cw, ch, filter).apply(rgb, expected);
            byte[] planes = new byte[3 * cw * ch];
            ResizeCropPlan plan = new ResizeCropPlan(w, h, rw, rh, cw, ch, filter);
            plan.apply(rgb, planes, 0);
            assertThat(planes).as("%s", filter).isEqualTo(expected);
            // the plan's scratch buffers carry nothing from one frame to the next
            byte[] other = noise(w, h, 99);
            new ReferenceResizeCrop(w, h, rw, rh, cw, ch, filter).apply(other, expected);
            plan.apply(other, planes, 0);
            assertThat(planes).as("%s, second frame", filter).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}x{1} -> crop {2}x{3}")
    @CsvSource({"320, 240, 224, 224", "90, 70, 160, 160", "298, 224, 224, 224"})
    void writesAtAnOffsetAndNothingElse(int w, int h, int cw, int ch) {
        int[] resized = FramePreprocessor.resizedSize(PreprocessorConfig.videoMaeDefaults(Math.min(cw, ch)), w, h);
        byte[] rgb = noise(w, h, 3);
        byte[] alone = new byte[3 * cw * ch];
        ResizeCropPlan plan = new ResizeCropPlan(w, h, resized[0], resized[1], cw, ch, ResampleFilter.BILINEAR);
        plan.apply(rgb, alone, 0);
        byte[] inside = new byte[alone.length + 20];
        java.util.Arrays.fill(inside, (byte) 0x55);
        plan.apply(rgb, inside, 7);
        assertThat(java.util.Arrays.copyOfRange(inside, 7, 7 + alone.length)).isEqualTo(alone);
        assertThat(java.util.Arrays.copyOfRange(inside, 0, 7)).containsOnly((byte) 0x55);
        assertThat(java.util.Arrays.copyOfRange(inside, 7 + alone.length, inside.length))
                .containsOnly((byte) 0x55);
    }

    @ParameterizedTest
    @EnumSource(ResampleFilter.class)
    void aFrameAlreadyAtTheResizedSizeIsOnlyCropped(ResampleFilter filter) {
        // what `tubelet ingest --model` sends for 320x240 cameras: 298x224 (Hugging Face's int(224 * 320 / 240))
        PreprocessorConfig d = PreprocessorConfig.videoMaeDefaults(224);
        PreprocessorConfig config = new PreprocessorConfig(
                true, 224, 0, 0, filter, true, 224, 224, true, d.rescaleFactor(), true, d.imageMean(), d.imageStd());
        FramePreprocessor pre = new FramePreprocessor(config);
        assertThat(FramePreprocessor.resizedSize(config, 298, 224)).containsExactly(298, 224);
        assertThat(pre.resamples(298, 224)).isFalse();
        assertThat(pre.resamples(320, 240)).isTrue();
        byte[] rgb = noise(298, 224, 5);
        FramePlanes planes = pre.preprocess(new RgbImage(298, 224, rgb));
        int left = (298 - 224) / 2;
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(planes.value(c, x, y)).isEqualTo(rgb[(y * 298 + left + x) * 3 + c] & 0xff);
                }
            }
        }
    }
}
