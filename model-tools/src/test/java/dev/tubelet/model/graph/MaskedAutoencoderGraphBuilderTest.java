package dev.tubelet.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.testmodels.GraphRuns;
import dev.tubelet.model.testmodels.TestModels;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedAutoencoderGraphBuilderTest {
    @TempDir
    Path dir;

    @Test
    void graphsOverDisjointMasksAddUpToTheWholeScore() throws Exception {
        MaskedAutoencoderArchitecture arch = TestModels.tinyAutoencoder();
        float[] whole = GraphRuns.logits(TestModels.tinyAnomalyModel(dir.resolve("all")), 7);
        assertThat(whole).hasSize(18);
        float[] sum = new float[whole.length];
        // mask 0 shows 3 positions per slice, masks 1-3 show 2: one graph per mask, and one of two groups
        for (int[] masks : new int[][] {{0}, {1}, {2, 3}}) {
            Path part = Files.createDirectories(dir.resolve("part" + masks[0]));
            try (OutputStream out = Files.newOutputStream(part.resolve("model.onnx"))) {
                new MaskedAutoencoderGraphBuilder(arch, new SeededWeights(42), PreprocessorConfig.videoMaeDefaults(48))
                        .onlyMasks(masks)
                        .write(out, null);
            }
            float[] errors = GraphRuns.logits(part, 7);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += errors[i];
            }
        }
        assertThat(sum).containsExactly(whole, within(1e-5f));
        for (float e : whole) {
            assertThat(e).isPositive();
        }
    }

    @Test
    void masksMustBeAscendingAndInRange() {
        MaskedAutoencoderGraphBuilder builder = new MaskedAutoencoderGraphBuilder(
                TestModels.tinyAutoencoder(), new SeededWeights(1), PreprocessorConfig.videoMaeDefaults(48));
        assertThatThrownBy(() -> builder.onlyMasks(2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected ascending masks from 0 to 3, found [2, 1]");
        assertThatThrownBy(() -> builder.onlyMasks(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
