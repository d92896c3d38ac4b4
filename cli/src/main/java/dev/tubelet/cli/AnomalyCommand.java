package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.model.runtime.AnomalyScore;
import dev.tubelet.model.runtime.AnomalyScorer;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet anomaly}: one clip's reconstruction score from an anomaly model. */
@Command(
        name = "anomaly",
        mixinStandardHelpOptions = true,
        description = {
            "Score how unusual one clip is: VideoMAE's masked autoencoder reconstructs each tube mask's hidden "
                    + "tokens; the score is the mean error of its normalized pixels (README: Anomaly score).",
            "The model is a directory written by tubelet import from a pretraining checkpoint."
        })
final class AnomalyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            required = true,
            description = "Anomaly model directory (tubelet import --checkpoint PRETRAINING.pth --out DIR).")
    Path model;

    @Option(
            names = "--layout",
            paramLabel = "BTCHW|BCTHW",
            converter = GenModelCommand.LayoutConverter.class,
            description = "Input layout, when the model's input shape cannot tell.")
    InputLayout layout;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Refuse the model unless its file has this SHA-256.")
    String sha256;

    @Mixin
    ClipSourceOptions clip;

    @Option(
            names = "--json",
            description = "Print one JSON object: model, score, token_errors (T'xH'xW' in token order), masks, "
                    + "mask_ratio, inference_ms.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        try (AnomalyScorer scorer = AnomalyScorer.open(ClassifierOptions.builder(model)
                .layout(layout)
                .sha256(sha256)
                .execution(JobOptionFlags.execution(spec))
                .maxBatch(1)
                .build())) {
            ModelInfo info = scorer.info();
            List<RgbImage> images = clip.read(info.frames());
            FramePreprocessor preprocessor = scorer.newPreprocessor();
            List<FramePlanes> planes = new ArrayList<>(images.size());
            for (RgbImage image : images) {
                planes.add(preprocessor.preprocess(image));
            }
            long begin = System.nanoTime();
            AnomalyScore score = scorer.score(List.of(new Clip(planes))).get(0);
            double inferenceMs = (System.nanoTime() - begin) / 1e6;
            if (json) {
                printJson(scorer, score, inferenceMs);
            } else {
                printHeat(scorer, score, inferenceMs);
            }
        }
        return 0;
    }

    private void printJson(AnomalyScorer scorer, AnomalyScore score, double inferenceMs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        ModelInfo info = scorer.info();
        out.put("model", info.name());
        out.put("sha256", info.sha256());
        out.put("provider", info.provider().name());
        out.put("score", score.score());
        ArrayNode errors = out.putArray("token_errors");
        for (float e : score.tokenErrors()) {
            errors.add(e);
        }
        ArrayNode grid = out.putArray("grid");
        grid.add(score.slices()).add(score.rows()).add(score.columns());
        out.put("masks", scorer.config().masks());
        out.put("mask_ratio", scorer.config().maskRatio());
        out.put("inference_ms", Math.round(inferenceMs * 100) / 100.0);
        spec.commandLine().getOut().println(mapper.writeValueAsString(out));
    }

    /** The score, then the token errors averaged over time as a grid: where the clip was unusual. */
    private void printHeat(AnomalyScorer scorer, AnomalyScore score, double inferenceMs) {
        ModelInfo info = scorer.info();
        var out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "%s on %s (%d masks, mask ratio %.2f), %.1f ms%nscore %.6f%n",
                info.name(),
                info.provider(),
                scorer.config().masks(),
                scorer.config().maskRatio(),
                inferenceMs,
                score.score());
        out.printf(Locale.ROOT, "token errors averaged over time (%dx%d):%n", score.rows(), score.columns());
        float[] heat = score.heat();
        for (int r = 0; r < score.rows(); r++) {
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < score.columns(); c++) {
                line.append(String.format(Locale.ROOT, " %7.4f", heat[r * score.columns() + c]));
            }
            out.println(line);
        }
    }
}
