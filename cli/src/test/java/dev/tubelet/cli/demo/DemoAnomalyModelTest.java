package dev.tubelet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.cli.demo.ActionScene.Action;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.runtime.AnomalyScore;
import dev.tubelet.model.runtime.AnomalyScorer;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ExecutionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped demo anomaly model, imported as the demo imports it: freshly rendered clips of the demo
 * scene (seeds other than the training set's) are usual to it, and the same clips with half their
 * frames sprayed over (the demo's tampering) score above every usual one.
 */
class DemoAnomalyModelTest {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAnomalyModelTest.class);

    @TempDir
    Path dir;

    @Test
    void aSprayedLensIsMoreUnusualThanAnyOfTheScenesActions() throws Exception {
        Path model = DemoModel.installAnomaly(dir.resolve("demo-anomaly-model"));
        ActionClips clips = new ActionClips(11);
        SplittableRandom random = new SplittableRandom(3);
        List<Double> usual = new ArrayList<>();
        List<Double> sprayed = new ArrayList<>();
        try (AnomalyScorer scorer = AnomalyScorer.open(ClassifierOptions.builder(model)
                .execution(ExecutionOptions.cpu())
                .maxBatch(5)
                .build())) {
            assertThat(scorer.config().masks()).isEqualTo(4);
            for (int round = 0; round < 4; round++) {
                List<Clip> plain = new ArrayList<>();
                List<Clip> tampered = new ArrayList<>();
                for (Action action : Action.values()) {
                    List<FramePlanes> frames = clips.clip(action);
                    plain.add(new Clip(frames));
                    List<FramePlanes> spray = new ArrayList<>(frames);
                    for (int t = frames.size() / 2; t < frames.size(); t++) {
                        FramePlanes f = frames.get(t);
                        byte[] noise = new byte[3 * f.planeSize()];
                        for (int i = 0; i < noise.length; i++) {
                            noise[i] = (byte) (60 + random.nextInt(140));
                        }
                        spray.set(t, new FramePlanes(f.width(), f.height(), noise));
                    }
                    tampered.add(new Clip(spray));
                }
                scorer.score(plain).forEach(s -> usual.add(s.score()));
                scorer.score(tampered).stream().map(AnomalyScore::score).forEach(sprayed::add);
            }
        }
        double maxUsual = usual.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double minSprayed =
                sprayed.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        LOG.info(
                "demo anomaly model: usual clips {} .. {}, sprayed clips {} .. {}",
                usual.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                maxUsual,
                minSprayed,
                sprayed.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        assertThat(minSprayed).as("usual %s, sprayed %s", usual, sprayed).isGreaterThan(maxUsual);
    }
}
