package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.testutils.PythonReference;
import dev.tubelet.model.testutils.SyntheticFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining checkpoints written by PyTorch (videomae_anomaly_reference.py): the authors' torch.save
 * form and Hugging Face's VideoMAEForPreTraining as safetensors with config.json. Each is imported
 * with one {@code tubelet import}, and {@code tubelet anomaly --json} on raw PNG frames must give
 * the token errors and score of the reference's independent implementation of the score (its own
 * masks, the authors' [visible, masked] decoder order, its own targets): relative L2 ≤ 1e-4.
 */
@Timeout(600)
class AnomalyReferenceITCase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnomalyReferenceITCase.class);

    @TempDir
    static Path dir;

    static JsonNode reference;
    static Map<String, Path> frames;

    @BeforeAll
    static void checkpoints() throws Exception {
        PythonReference.assumeAvailable();
        frames = Map.of(
                "crop",
                SyntheticFrames.write(dir.resolve("crop"), 16, 224, 224, 5),
                "resize",
                SyntheticFrames.write(dir.resolve("resize"), 16, 320, 240, 6));
        PythonReference.runScript(
                "videomae_anomaly_reference.py",
                List.of(
                        dir.resolve("ref").toString(),
                        "--marker",
                        dir.resolve("pwned").toString(),
                        "--frames",
                        "crop=" + frames.get("crop"),
                        "--frames",
                        "resize=" + frames.get("resize")),
                540);
        reference =
                new ObjectMapper().readTree(dir.resolve("ref/reference.json").toFile());
        assertThat(reference.get("models")).hasSize(2);
    }

    @Test
    void bothNamingSchemesImportAndScoreAsPyTorch() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> it = reference.get("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            Path out = dir.resolve("imported").resolve(model.getKey());
            boolean original = model.getKey().equals("pretrain_original");
            String checkpoint = model.getValue().get("checkpoint").asText();
            // the authors' form carries no config: its 96-wide decoder's heads must be given
            CliRun imported = original
                    ? CliRun.of("import", "--checkpoint", checkpoint, "--out", out.toString(), "--decoder-heads", "3")
                    : CliRun.of("import", "--checkpoint", checkpoint, "--out", out.toString());
            assertThat(imported.exitCode())
                    .as(model.getKey() + ": " + imported.err())
                    .isZero();
            assertThat(imported.out())
                    .contains("as an anomaly model")
                    .contains(original ? "original names" : "Hugging Face names")
                    .contains(original ? "10 tube masks (mask ratio 0.9)" : "4 tube masks (mask ratio 0.75)");
            JsonNode config =
                    new ObjectMapper().readTree(out.resolve("config.json").toFile());
            assertThat(config.get("task").asText()).isEqualTo("anomaly");
            assertThat(config.get("tubelet_anomaly_masks").asInt())
                    .isEqualTo(model.getValue().get("masks").asInt());

            for (Iterator<Map.Entry<String, JsonNode>> clips =
                            model.getValue().get("scores").fields();
                    clips.hasNext(); ) {
                Map.Entry<String, JsonNode> clip = clips.next();
                CliRun scored = CliRun.of(
                        "anomaly",
                        "--model",
                        out.toString(),
                        "--frames",
                        frames.get(clip.getKey()).toString(),
                        "--json",
                        "--provider",
                        "cpu");
                assertThat(scored.exitCode()).as(scored.err()).isZero();
                JsonNode result = new ObjectMapper().readTree(scored.out());
                JsonNode expected = clip.getValue();
                double error = ReferenceErrors.relativeL2(result.get("token_errors"), expected.get("token_errors"));
                double scoreError = Math.abs(result.get("score").asDouble()
                                - expected.get("score").asDouble())
                        / Math.abs(expected.get("score").asDouble());
                LOG.info(
                        "anomaly {} on {} frames: token errors relative L2 {}, score relative error {}",
                        model.getKey(),
                        clip.getKey(),
                        String.format("%.3g", error),
                        String.format("%.3g", scoreError));
                assertThat(error)
                        .as("%s on %s frames", model.getKey(), clip.getKey())
                        .isLessThanOrEqualTo(1e-4);
                assertThat(scoreError).isLessThanOrEqualTo(1e-4);
                // where the errors differ from their mean (the map a heat overlay draws) matches too
                assertThat(ReferenceErrors.relativeL2(
                                centered(result.get("token_errors")), centered(expected.get("token_errors"))))
                        .isLessThanOrEqualTo(1e-3);
                assertThat(result.get("grid").toString()).isEqualTo("[8,14,14]");
                assertThat(result.get("masks").asInt())
                        .isEqualTo(model.getValue().get("masks").asInt());
                assertThat(result.get("mask_ratio").asDouble())
                        .isEqualTo(model.getValue().get("mask_ratio").asDouble());
            }
        }
    }

    @Test
    void aDecoderOfAnOddWidthNeedsItsHeads() {
        Path checkpoint = Path.of(reference
                .get("models")
                .get("pretrain_original")
                .get("checkpoint")
                .asText());
        CliRun run = CliRun.of(
                "import",
                "--checkpoint",
                checkpoint.toString(),
                "--out",
                dir.resolve("no-heads").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().strip())
                .isEqualTo("tubelet import: checkpoint.pth: a 96-wide decoder is not one of VideoMAE's "
                        + "(192, 384, 512, 640); give its attention heads with --decoder-heads or a config.json");
    }

    @Test
    void aPretrainingCheckpointWithAForbiddenGlobalIsRefusedWithoutRunningIt() {
        CliRun run = CliRun.of(
                "import",
                "--checkpoint",
                dir.resolve("ref/pretrain_evil.pth").toString(),
                "--out",
                dir.resolve("evil").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("refusing to unpickle posix.system");
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(Files.exists(dir.resolve("evil/model.onnx"))).isFalse();
    }

    private static JsonNode centered(JsonNode values) {
        double mean = 0;
        for (JsonNode v : values) {
            mean += v.asDouble();
        }
        mean /= values.size();
        com.fasterxml.jackson.databind.node.ArrayNode out = new ObjectMapper().createArrayNode();
        for (JsonNode v : values) {
            out.add(v.asDouble() - mean);
        }
        return out;
    }
}
