package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.testutils.PythonReference;
import dev.tubelet.model.testutils.SyntheticFrames;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints as people download them, written by PyTorch itself (videomae_reference.py --checkpoints):
 * original names with torch.save({'model': state_dict, 'epoch', 'args'}), original names as
 * safetensors, Hugging Face names as safetensors with config.json (float32 and float16, mean and
 * first-token pooling), and VideoMAE V2's (layer scale, cosine attention, patch 14, an MLP width that is
 * no multiple of the embedding's). Each is imported with one {@code tubelet import} and {@code tubelet classify}
 * on the result must reproduce PyTorch's logits from the raw frames (relative L2 ≤ 1e-4).
 */
@Timeout(600)
class CheckpointImportReferenceITCase {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(CheckpointImportReferenceITCase.class);

    @TempDir
    static Path dir;

    static JsonNode reference;
    static Map<String, Path> frames;

    @BeforeAll
    static void checkpoints() throws Exception {
        PythonReference.assumeAvailable();
        frames = Map.of(
                "crop",
                SyntheticFrames.write(dir.resolve("crop"), 16, 224, 224, 3),
                "resize",
                SyntheticFrames.write(dir.resolve("resize"), 16, 320, 240, 4));
        PythonReference.runScript(
                "videomae_reference.py",
                List.of(
                        dir.resolve("ref").toString(),
                        "--checkpoints",
                        "--frames",
                        "crop=" + frames.get("crop"),
                        "--frames",
                        "resize=" + frames.get("resize")),
                540);
        reference =
                new ObjectMapper().readTree(dir.resolve("ref/reference.json").toFile());
        assertThat(reference.get("models")).hasSize(5);
    }

    @Test
    void everyFormImportsWithOneCommandAndClassifyReproducesPyTorch() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            Path out = dir.resolve("imported").resolve(model.getKey());
            CliRun imported = CliRun.of(
                    "import", "--checkpoint", model.getValue().get("checkpoint").asText(), "--out", out.toString());
            assertThat(imported.exitCode())
                    .as(model.getKey() + ": " + imported.err())
                    .isZero();
            assertThat(imported.out())
                    .contains("imported")
                    .contains(model.getKey().contains("mean") ? "mean pooling" : "first-token pooling");
            if (model.getKey().contains("_v2_")) {
                assertThat(imported.out()).contains("patch 14, MLP 836, layer scale, cosine attention");
            }
            for (Iterator<Map.Entry<String, JsonNode>> clips =
                            model.getValue().get("logits").fields();
                    clips.hasNext(); ) {
                Map.Entry<String, JsonNode> clip = clips.next();
                CliRun classified = CliRun.of(
                        "classify",
                        "--model",
                        out.toString(),
                        "--frames",
                        frames.get(clip.getKey()).toString(),
                        "--json",
                        "--provider",
                        "cpu");
                assertThat(classified.exitCode()).as(classified.err()).isZero();
                JsonNode logits = new ObjectMapper().readTree(classified.out()).get("logits");
                double error = ReferenceErrors.relativeL2(logits, clip.getValue());
                LOG.info(
                        "import {} on {} frames: relative L2 error {}",
                        model.getKey(),
                        clip.getKey(),
                        String.format("%.3g", error));
                assertThat(error)
                        .as("%s on %s frames", model.getKey(), clip.getKey())
                        .isLessThanOrEqualTo(1e-4);
            }
        }
    }
}
