package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.model.graph.TestDetectorGraphs;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.model.testmodels.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonDetectorTest {

    @Test
    void boxesInTheLetterboxedInputComeBackNormalizedToTheFrame(@TempDir Path tmp) throws Exception {
        // a 320x240 frame in a 160x160 input: scale 0.5, 160x120, 20 rows of grey above and below
        int n = 3;
        float[][] candidates = {
            {80, 80, 40, 60, 0.9f, 0.1f}, // person: x 60..100, y 50..110 in the input
            {20, 30, 10, 10, 0.1f, 0.8f}, // not a person
            {150, 25, 40, 20, 0.6f, 0.0f}, // a person reaching into the padding and past the right edge
        };
        float[] out = new float[6 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 6; c++) {
                out[c * n + i] = candidates[i][c];
            }
        }
        Path model = TestDetectorGraphs.write(tmp.resolve("yolo.onnx"), 160, new long[] {1, 6, n}, out);
        try (PersonDetector detector =
                PersonDetector.open(PersonDetector.Options.defaults(model, ExecutionOptions.cpu()))) {
            assertThat(detector.inputSize()).isEqualTo(160);
            List<DetectedBox> boxes = detector.detect(new RgbImage(320, 240, new byte[320 * 240 * 3]));
            assertThat(boxes).hasSize(2);
            DetectedBox a = boxes.get(0);
            assertThat(new float[] {a.x1(), a.y1(), a.x2(), a.y2()})
                    .containsExactly(new float[] {120f / 320, 60f / 240, 200f / 320, 180f / 240}, within(1e-5f));
            DetectedBox b = boxes.get(1);
            // x 130..170 -> 260..340 px, clipped to 320; y 15..35 -> (15 - 20) / 0.5 < 0 clipped to 0, (35 - 20) / 0.5
            // = 30
            assertThat(new float[] {b.x1(), b.y1(), b.x2(), b.y2()})
                    .containsExactly(new float[] {260f / 320, 0f, 1f, 30f / 240}, within(1e-5f));
        }
    }

    @Test
    void aModelThatIsNoDetectorIsRefused(@TempDir Path tmp) throws Exception {
        Path classifier = TestModels.tinyModel(tmp.resolve("m"), dev.tubelet.model.InputLayout.BTCHW);
        assertThatThrownBy(
                        () -> PersonDetector.open(PersonDetector.Options.defaults(classifier, ExecutionOptions.cpu())))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("expected the detector's input [1, 3, H, W]");
    }
}
