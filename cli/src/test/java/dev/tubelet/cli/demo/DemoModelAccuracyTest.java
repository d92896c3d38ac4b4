package dev.tubelet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.cli.demo.ActionScene.Action;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ExecutionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped demo model, imported as the demo imports it, labels freshly rendered clips of the demo
 * scene (seeds other than the training set's) right at least 90% of the time.
 */
class DemoModelAccuracyTest {
    private static final Logger LOG = LoggerFactory.getLogger(DemoModelAccuracyTest.class);
    private static final int PER_ACTION = 40;

    @TempDir
    Path dir;

    @Test
    void theDemoModelKnowsTheDemoScenesActions() throws Exception {
        Path model = DemoModel.install(dir.resolve("demo-model"));
        int[][] confusion = new int[Action.values().length][Action.values().length];
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model)
                .execution(ExecutionOptions.cpu())
                .maxBatch(8)
                .build())) {
            assertThat(classifier.labels().names())
                    .containsExactlyElementsOf(
                            Arrays.stream(Action.values()).map(Action::label).toList());
            ActionClips clips = new ActionClips(7);
            for (int i = 0; i < PER_ACTION; i++) {
                List<Clip> batch = new ArrayList<>();
                for (Action action : Action.values()) {
                    batch.add(new Clip(clips.clip(action)));
                }
                List<Prediction> predictions = classifier.infer(batch);
                for (Action action : Action.values()) {
                    confusion[action.ordinal()][
                            predictions.get(action.ordinal()).top(1).get(0).index()]++;
                }
            }
        }
        int right = 0;
        for (int a = 0; a < confusion.length; a++) {
            right += confusion[a][a];
        }
        double accuracy = (double) right / (PER_ACTION * confusion.length);
        String table = Arrays.stream(Action.values())
                .map(a -> a.label() + " -> " + Arrays.toString(confusion[a.ordinal()]))
                .collect(Collectors.joining("; "));
        LOG.info("demo model: accuracy {} on {} fresh clips; {}", accuracy, PER_ACTION * confusion.length, table);
        assertThat(accuracy)
                .as("accuracy on fresh clips (rows: truth; columns: predicted): %s", table)
                .isGreaterThanOrEqualTo(0.9);
    }
}
