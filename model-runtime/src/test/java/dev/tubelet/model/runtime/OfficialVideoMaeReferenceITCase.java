package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Images;
import dev.tubelet.model.testutils.PythonReference;
import dev.tubelet.model.testutils.SyntheticFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime against PyTorch: VideoMAE's fine-tuning architecture in PyTorch
 * (src/test/python/videomae_reference.py) gives reference logits from raw frames after Hugging Face's
 * preprocessing, for (a) models exported with torch.onnx.export in both layouts and both poolings,
 * loaded from a directory with config.json, and (b) this project's builder models with their weights
 * loaded into the PyTorch model. The runtime, from the same PNG files, must agree to a relative L2
 * error of 1e-4, for frames at crop size and for frames that need resizing.
 */
@Timeout(600)
class OfficialVideoMaeReferenceITCase {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(OfficialVideoMaeReferenceITCase.class);

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    static JsonNode reference;
    static Map<String, Path> frames;
    static Map<String, VideoMaeArchitecture> builders;

    @BeforeAll
    static void computeReference() throws Exception {
        PythonReference.assumeAvailable();
        frames = Map.of(
                "crop", SyntheticFrames.write(dir.resolve("frames-crop"), 16, 224, 224, 1),
                "resize", SyntheticFrames.write(dir.resolve("frames-resize"), 16, 320, 240, 2));
        builders = Map.of(
                "builder_hf_mean",
                        TestModels.tiny()
                                .numFrames(16)
                                .imageSize(224)
                                .numClasses(7)
                                .layout(InputLayout.BTCHW)
                                .build(),
                "builder_original_first_token",
                        TestModels.tiny()
                                .numFrames(16)
                                .imageSize(224)
                                .numClasses(7)
                                .layout(InputLayout.BCTHW)
                                .useMeanPooling(false)
                                .build());
        List<String> args = new ArrayList<>(List.of(dir.resolve("reference").toString(), "--export"));
        for (Map.Entry<String, Path> f : frames.entrySet()) {
            args.addAll(List.of("--frames", f.getKey() + "=" + f.getValue()));
        }
        for (Map.Entry<String, VideoMaeArchitecture> b : builders.entrySet()) {
            Path model = TestModels.write(b.getValue(), dir.resolve(b.getKey()));
            args.addAll(List.of("--builder", b.getKey() + "=" + model));
        }
        PythonReference.runScript("videomae_reference.py", args, 540);
        reference = new ObjectMapper()
                .readTree(dir.resolve("reference/reference.json").toFile());
    }

    private static float[] runtimeLogits(Path model, Path frameDir) throws Exception {
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model)
                        .execution(ExecutionOptions.cpu())
                        .build());
                Stream<Path> files = Files.list(frameDir)) {
            FramePreprocessor preprocessor = classifier.newPreprocessor();
            List<FramePlanes> planes = new ArrayList<>();
            for (Path png : files.sorted().collect(Collectors.toList())) {
                planes.add(preprocessor.preprocess(Images.file(png)));
            }
            return classifier.infer(List.of(new Clip(planes))).get(0).logits();
        }
    }

    private static double relativeL2(float[] actual, JsonNode expected) {
        assertThat(actual).hasSize(expected.size());
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            diff += (actual[i] - e) * (actual[i] - e);
            norm += e * e;
        }
        return Math.sqrt(diff / norm);
    }

    private void assertModelAgrees(String name) throws Exception {
        JsonNode model = reference.get("models").get(name);
        Path modelDir = Path.of(model.get("dir").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = model.get("logits").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> clip = it.next();
            double error = relativeL2(runtimeLogits(modelDir, frames.get(clip.getKey())), clip.getValue());
            LOG.info(
                    "reference {} on {} frames: relative L2 error {}",
                    name,
                    clip.getKey(),
                    String.format("%.3g", error));
            assertThat(error)
                    .as("%s on %s frames: relative L2 error", name, clip.getKey())
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void anExportOfTheOriginalCodeReproducesItsLogits() throws Exception {
        // [1, 3, T, H, W] with torch's own input name, fixed batch 1, no preprocessor_config.json
        Path modelDir = Path.of(
                reference.get("models").get("export_original_mean").get("dir").asText());
        try (ClipClassifier c = ClipClassifier.open(ClassifierOptions.builder(modelDir)
                .execution(ExecutionOptions.cpu())
                .build())) {
            assertThat(c.info().layout()).isEqualTo(InputLayout.BCTHW);
            assertThat(c.info().fixedBatch()).isEqualTo(1);
            assertThat(c.labels().name(3)).isEqualTo("action_3");
        }
        assertModelAgrees("export_original_mean");
    }

    @Test
    void anExportInTheHuggingFaceLayoutReproducesItsLogits() throws Exception {
        assertModelAgrees("export_hf_first_token");
    }

    @Test
    void theBuilderFollowsTheOfficialArchitecture() throws Exception {
        for (Map.Entry<String, VideoMaeArchitecture> b : builders.entrySet()) {
            assertThat(reference.get("models").get(b.getKey()).get("parameters").asLong())
                    .as("%s parameters", b.getKey())
                    .isEqualTo(b.getValue().parameterCount());
            assertModelAgrees(b.getKey());
        }
    }
}
