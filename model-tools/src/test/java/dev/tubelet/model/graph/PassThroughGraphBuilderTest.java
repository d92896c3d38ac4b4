package dev.tubelet.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.testmodels.GraphRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pass-through model computes what it says: the channel means of the clip through a linear head. */
class PassThroughGraphBuilderTest {
    @ParameterizedTest
    @EnumSource(InputLayout.class)
    void logitsAreTheHeadOfTheChannelMeans(InputLayout layout, @TempDir Path dir) throws Exception {
        VideoMaeArchitecture arch = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                .numFrames(4)
                .imageSize(32)
                .numClasses(7)
                .layout(layout)
                .build();
        SeededWeights weights = new SeededWeights(3);
        new ModelDirectoryWriter(arch, weights).passThrough(true).write(dir);
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"tubelet_pass_through\" : true");
        assertThat(Files.size(dir.resolve("model.onnx")))
                .as("no ViT weights inside")
                .isLessThan(4096);

        float[] logits = GraphRuns.logits(dir, 11);
        // the same clip GraphRuns feeds: uniform in [-2, 2), filled frame by frame, channel by channel
        double[] means = new double[3];
        SplittableRandom random = new SplittableRandom(11);
        for (int t = 0; t < 4; t++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 32 * 32; p++) {
                    means[c] += random.nextDouble() * 4 - 2;
                }
            }
        }
        float[] w = weights.tensor("head.weight", new int[] {7, 3});
        float[] b = weights.tensor("head.bias", new int[] {7});
        assertThat(logits).hasSize(7);
        for (int k = 0; k < 7; k++) {
            double expected = b[k];
            for (int c = 0; c < 3; c++) {
                expected += w[k * 3 + c] * (means[c] / (4 * 32 * 32));
            }
            assertThat((double) logits[k]).as("logit %d", k).isCloseTo(expected, within(1e-4));
        }
    }
}
