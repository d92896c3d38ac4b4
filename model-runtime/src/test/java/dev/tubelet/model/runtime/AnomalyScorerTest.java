package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Clips;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny anomaly model (18 tokens, 4 masks in two groups) through the runtime. */
class AnomalyScorerTest {
    @TempDir
    Path dir;

    private static ClassifierOptions options(Path model, int maxBatch) {
        return ClassifierOptions.builder(model)
                .execution(ExecutionOptions.builder()
                        .provider(ProviderPreference.CPU)
                        .build())
                .maxBatch(maxBatch)
                .build();
    }

    @Test
    void aBatchScoresEachClipAsAloneAndTheScoreIsTheMeanTokenError() throws Exception {
        Path model = TestModels.tinyAnomalyModel(dir.resolve("mae"));
        assertThat(AnomalyScorer.isAnomalyModel(model)).isTrue();
        List<Clip> clips = List.of(Clips.random(4, 48, 1), Clips.random(4, 48, 2), Clips.random(4, 48, 3));
        try (AnomalyScorer scorer = AnomalyScorer.open(options(model, 3))) {
            assertThat(scorer.config().masks()).isEqualTo(4);
            assertThat(scorer.config().maskRatio()).isEqualTo(0.75);
            assertThat(List.of(scorer.slices(), scorer.rows(), scorer.columns()))
                    .containsExactly(2, 3, 3);
            List<AnomalyScore> batched = scorer.score(clips);
            assertThat(batched).hasSize(3);
            for (int i = 0; i < clips.size(); i++) {
                AnomalyScore alone = scorer.score(List.of(clips.get(i))).get(0);
                assertThat(batched.get(i).tokenErrors()).containsExactly(alone.tokenErrors(), within(1e-5f));
                double mean = 0;
                for (float e : alone.tokenErrors()) {
                    assertThat(e).isPositive();
                    mean += e / 18.0;
                }
                assertThat(alone.score()).isCloseTo(mean, within(1e-6));
                float[] heat = alone.heat();
                assertThat(heat).hasSize(9);
                assertThat(heat[4]).isCloseTo((alone.tokenErrors()[4] + alone.tokenErrors()[13]) / 2, within(1e-6f));
            }
            assertThat(batched.get(0).score()).isNotEqualTo(batched.get(1).score());
        }
    }

    @Test
    void anAnomalyModelIsNoClassifierAndAClassifierNoAnomalyModel() throws Exception {
        Path mae = TestModels.tinyAnomalyModel(dir.resolve("mae"));
        assertThatThrownBy(() -> ClipClassifier.open(options(mae, 1)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage(
                        "model.onnx: expected a classification model with the output logits; found an anomaly model "
                                + "(output token_errors): give it as the anomaly model (--anomaly-model)");
        Path classifier = TestModels.tinyModel(dir.resolve("classifier"), InputLayout.BTCHW);
        assertThat(AnomalyScorer.isAnomalyModel(classifier)).isFalse();
        assertThatThrownBy(() -> AnomalyScorer.open(options(classifier, 1)))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageEndingWith("config.json: expected \"task\": \"anomaly\" (a model written by tubelet import "
                        + "from a pretraining checkpoint), found no task");
    }
}
