package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoredLabel;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet classify}: one clip from image files or a video, through the model. */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        description =
                "Classify one clip: exactly num_frames images (--frames) or frames sampled from a video (--video).")
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    ClipSourceOptions clip;

    @Option(
            names = "--top",
            paramLabel = "K",
            defaultValue = "5",
            description = "How many labels to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON object: model, provider, layout, logits, top.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, found " + top);
        }
        try (ClipClassifier classifier = ClipClassifier.open(model.toBuilder()
                .execution(JobOptionFlags.execution(spec))
                .maxBatch(1)
                .build())) {
            ModelInfo info = classifier.info();
            List<RgbImage> images = clip.read(info.frames());
            FramePreprocessor preprocessor = classifier.newPreprocessor();
            List<FramePlanes> planes = new ArrayList<>(images.size());
            for (RgbImage image : images) {
                planes.add(preprocessor.preprocess(image));
            }
            long begin = System.nanoTime();
            Prediction prediction = classifier.infer(List.of(new Clip(planes))).get(0);
            double inferenceMs = (System.nanoTime() - begin) / 1e6;
            if (json) {
                printJson(info, prediction, inferenceMs);
            } else {
                printTable(info, prediction, inferenceMs);
            }
        }
        return 0;
    }

    private void printJson(ModelInfo info, Prediction prediction, double inferenceMs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("model", info.name());
        out.put("sha256", info.sha256());
        out.put("provider", info.provider().name());
        out.put("layout", info.layout().name());
        out.put("frames", info.frames());
        ArrayNode logits = out.putArray("logits");
        for (float v : prediction.logits()) {
            logits.add(v);
        }
        ArrayNode topArray = out.putArray("top");
        for (ScoredLabel label : prediction.top(top)) {
            ObjectNode entry = topArray.addObject();
            entry.put("index", label.index());
            entry.put("label", label.label());
            entry.put("score", label.score());
        }
        out.put("inference_ms", Math.round(inferenceMs * 100) / 100.0);
        spec.commandLine().getOut().println(mapper.writeValueAsString(out));
    }

    private void printTable(ModelInfo info, Prediction prediction, double inferenceMs) {
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%s on %s (%s, %d frames of %dx%d), %.1f ms%n",
                        info.name(),
                        info.provider(),
                        info.layout(),
                        info.frames(),
                        info.height(),
                        info.width(),
                        inferenceMs);
        for (ScoredLabel label : prediction.top(top)) {
            spec.commandLine()
                    .getOut()
                    .printf(Locale.ROOT, "  %6.2f%%  %s (%d)%n", label.score() * 100, label.label(), label.index());
        }
    }
}
