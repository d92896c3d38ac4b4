package dev.tubelet.model.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionTest {
    private static final LabelSet LABELS = LabelSet.of(List.of("run", "walk", "jump", "sit"));

    @Test
    void softmaxScoresSumToOneAndKeepTheOrderOfLogits() {
        Prediction p = new Prediction(new float[] {1f, 3f, -2f, 3f}, ScoreActivation.SOFTMAX, LABELS);
        float sum = 0;
        for (float s : p.scores()) {
            sum += s;
        }
        assertThat(sum).isCloseTo(1f, within(1e-6f));
        // softmax([1, 3, -2, 3]) by hand: e^x / (e + 2e^3 + e^-2)
        double z = Math.exp(1) + 2 * Math.exp(3) + Math.exp(-2);
        assertThat(p.scores()[0]).isCloseTo((float) (Math.exp(1) / z), within(1e-7f));
        assertThat(p.top(3)).extracting(ScoredLabel::label).containsExactly("walk", "sit", "run");
        assertThat(p.top(3)).extracting(ScoredLabel::index).containsExactly(1, 3, 0);
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        Prediction p = new Prediction(new float[] {1000f, 999f}, ScoreActivation.SOFTMAX, LabelSet.unnamed(2));
        assertThat(p.scores()[0]).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
    }

    @Test
    void sigmoidScoresAreIndependent() {
        Prediction p = new Prediction(
                new float[] {0f, 2f, -2f, 10f}, ScoreActivation.forProblem(ProblemType.MULTI_LABEL), LABELS);
        assertThat(p.scores())
                .containsExactly(
                        new float[] {
                            0.5f,
                            (float) (1 / (1 + Math.exp(-2))),
                            (float) (1 / (1 + Math.exp(2))),
                            (float) (1 / (1 + Math.exp(-10)))
                        },
                        within(1e-7f));
        assertThat(p.top(1).get(0)).isEqualTo(new ScoredLabel(3, "sit", p.scores()[3]));
    }

    @Test
    void topKBeyondTheClassesGivesAllOfThemAndUnknownIndicesGetDefaultNames() {
        Prediction p = new Prediction(new float[] {0.1f, 0.3f, 0.2f, 0.4f, 0.0f}, ScoreActivation.IDENTITY, LABELS);
        assertThat(p.top(10)).extracting(ScoredLabel::index).containsExactly(3, 1, 2, 0, 4);
        assertThat(p.top(10).get(4).label()).isEqualTo("LABEL_4");
        assertThat(p.top(0)).isEmpty();
    }
}
