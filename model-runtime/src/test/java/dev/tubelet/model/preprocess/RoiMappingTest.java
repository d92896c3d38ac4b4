package dev.tubelet.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.config.PreprocessorConfig;
import org.junit.jupiter.api.Test;

/**
 * Golden values worked by hand from Hugging Face's processing: resize shortest edge to 224
 * ({@code int(224 * long / short)} for the long side), center crop 224 at {@code (size - crop) // 2}.
 */
class RoiMappingTest {
    private final RoiMapping mapping = new RoiMapping(PreprocessorConfig.videoMaeDefaults(224));

    private float[] map(int w, int h, float... box) {
        float[] out = new float[4];
        return mapping.toInput(w, h, box, out, 0) ? out : null;
    }

    @Test
    void landscapeFramesAreResizedTo298x224AndCropped37PixelsFromTheLeft() {
        // 320x240 -> 298x224, left = (298 - 224) // 2 = 37
        assertThat(map(320, 240, 0.5f, 0.5f, 0.75f, 1f))
                .containsExactly(new float[] {112f, 112f, 186.5f, 224f}, within(1e-4f));
        // the whole frame is the whole crop
        assertThat(map(320, 240, 0f, 0f, 1f, 1f)).containsExactly(new float[] {0, 0, 224, 224}, within(1e-4f));
    }

    @Test
    void portraitFramesAreCroppedFromTheTop() {
        // 240x320 -> 224x298, top = 37
        assertThat(map(240, 320, 0.25f, 0.5f, 0.5f, 0.75f))
                .containsExactly(new float[] {56f, 112f, 112f, 186.5f}, within(1e-4f));
    }

    @Test
    void boxesPartlyOutsideTheCropAreClippedAndBoxesOutsideItHaveNone() {
        assertThat(map(320, 240, 0f, 0f, 0.2f, 0.5f)).containsExactly(new float[] {0f, 0f, 22.6f, 112f}, within(1e-4f));
        assertThat(map(320, 240, 0.8f, 0.2f, 1.2f, 0.4f))
                .containsExactly(new float[] {201.4f, 44.8f, 224f, 89.6f}, within(1e-3f));
        assertThat(map(320, 240, 0f, 0f, 0.1f, 0.5f)).isNull(); // x2 = 29.8 - 37 < 0
        assertThat(map(320, 240, 0.95f, 0.1f, 1f, 0.2f)).isNull();
    }

    @Test
    void paddingAroundASmallerImageHoldsNoBox() {
        // shortest edge 200, crop 224: 320x240 -> 266x200, left = 21, top = (200 - 224) // 2 = -12 (12 rows of padding)
        PreprocessorConfig d = PreprocessorConfig.videoMaeDefaults(224);
        PreprocessorConfig padded = new PreprocessorConfig(
                true,
                200,
                0,
                0,
                d.resample(),
                true,
                224,
                224,
                true,
                d.rescaleFactor(),
                true,
                d.imageMean(),
                d.imageStd());
        float[] out = new float[4];
        assertThat(new RoiMapping(padded).toInput(320, 240, new float[] {0f, 0f, 1f, 1f}, out, 0))
                .isTrue();
        assertThat(out).containsExactly(new float[] {0f, 12f, 224f, 212f}, within(1e-4f));
    }

    @Test
    void resizingALargerFrameMapsTheSameNormalizedBoxToTheSamePixels() {
        // the decoder may hand over a DCT-scaled frame; normalized boxes make that invisible
        assertThat(map(1280, 960, 0.5f, 0.5f, 0.75f, 1f))
                .containsExactly(map(320, 240, 0.5f, 0.5f, 0.75f, 1f), within(1e-3f));
    }
}
