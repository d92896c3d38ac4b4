package dev.tubelet.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.VideoMaeConfig;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.testmodels.CheckpointWriters;
import dev.tubelet.model.testmodels.CheckpointWriters.Tensor;
import dev.tubelet.model.testmodels.GraphRuns;
import dev.tubelet.model.testmodels.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by the tests themselves (the builder's seeded weights, saved as safetensors
 * under both name schemes and as torch.save zips), imported and compared with the builder's model.
 */
class CheckpointImporterTest {
    @TempDir
    Path dir;

    private static final long CLIP = 21;

    private float[] logits(Path model) throws Exception {
        return GraphRuns.logits(model, CLIP);
    }

    private float[] builderLogits(VideoMaeArchitecture arch) throws Exception {
        return logits(TestModels.write(arch, dir.resolve("builder")));
    }

    private ImportOptions.Builder options(Path checkpoint) {
        return ImportOptions.builder(checkpoint, dir.resolve("imported"))
                .frames(4)
                .imageSize(32);
    }

    @Test
    void originalNamesAsSafetensorsGiveTheBuildersModelExactly() throws Exception {
        VideoMaeArchitecture arch = TestModels.tiny().build();
        Path file = dir.resolve("model.safetensors");
        CheckpointWriters.safetensors(file, CheckpointWriters.seededStateDict(arch, 42));
        CheckpointImporter.ImportResult result =
                CheckpointImporter.importCheckpoint(options(file).build());
        assertThat(result.scheme()).isEqualTo(NameScheme.ORIGINAL);
        assertThat(result.architecture().hiddenSize()).isEqualTo(64);
        assertThat(result.architecture().depth()).isEqualTo(2);
        assertThat(result.architecture().heads()).isEqualTo(2);
        assertThat(logits(dir.resolve("imported"))).containsExactly(builderLogits(arch));
    }

    @Test
    void aTorchZipNestedUnderModelWithDdpPrefixesGivesTheBuildersModelExactly() throws Exception {
        VideoMaeArchitecture arch = TestModels.tiny().useMeanPooling(false).build();
        Map<String, Tensor> state = new LinkedHashMap<>();
        CheckpointWriters.seededStateDict(arch, 42).forEach((name, t) -> state.put("module." + name, t));
        Path file = dir.resolve("checkpoint.pth");
        CheckpointWriters.torchZip(file, state, "model");
        CheckpointImporter.ImportResult result =
                CheckpointImporter.importCheckpoint(options(file).build());
        assertThat(result.architecture().useMeanPooling()).isFalse();
        assertThat(logits(dir.resolve("imported"))).containsExactly(builderLogits(arch));
    }

    @Test
    void huggingFaceNamesWithTheirConfigImport() throws Exception {
        VideoMaeArchitecture arch = TestModels.tiny().useMeanPooling(false).build();
        Path hub = Files.createDirectories(dir.resolve("hub"));
        Path file = hub.resolve("model.safetensors");
        CheckpointWriters.safetensors(
                file, CheckpointWriters.toHuggingFaceNames(CheckpointWriters.seededStateDict(arch, 42)));
        Files.writeString(
                hub.resolve("config.json"),
                "{\"model_type\": \"videomae\", \"num_frames\": 4, \"image_size\": 32, "
                        + "\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"intermediate_size\": 256, "
                        + "\"layer_norm_eps\": 1e-6, \"use_mean_pooling\": false, "
                        + "\"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\", \"3\": \"d\", \"4\": \"e\", \"5\": \"f\", \"6\": \"g\", "
                        + "\"7\": \"h\", \"8\": \"i\", \"9\": \"j\"}}");
        // config.json beside the checkpoint is found without being named
        CheckpointImporter.ImportResult result = CheckpointImporter.importCheckpoint(
                ImportOptions.builder(file, dir.resolve("imported")).build());
        assertThat(result.scheme()).isEqualTo(NameScheme.HUGGING_FACE);
        assertThat(result.architecture().numFrames()).isEqualTo(4);
        assertThat(logits(dir.resolve("imported"))).containsExactly(builderLogits(arch));
        assertThat(VideoMaeConfig.read(dir.resolve("imported/config.json"))
                        .labels()
                        .orElseThrow()
                        .name(9))
                .isEqualTo("j");
    }

    @Test
    void huggingFaceMeanPoolingKeepsItsFcNormEpsilon() throws Exception {
        VideoMaeArchitecture arch = TestModels.tiny().build();
        Path file = dir.resolve("model.safetensors");
        CheckpointWriters.safetensors(
                file, CheckpointWriters.toHuggingFaceNames(CheckpointWriters.seededStateDict(arch, 42)));
        CheckpointImporter.ImportResult result =
                CheckpointImporter.importCheckpoint(options(file).build());
        assertThat(result.architecture().fcNormEps()).isEqualTo(1e-5);
        assertThat(result.architecture().layerNormEps()).isEqualTo(1e-12);
        assertThat(logits(dir.resolve("imported"))).containsExactly(builderLogits(arch), within(1e-3f));
    }

    @Test
    void float16ImportsHalveTheFile() throws Exception {
        VideoMaeArchitecture arch = TestModels.tiny().build();
        Path file = dir.resolve("model.safetensors");
        CheckpointWriters.safetensors(file, CheckpointWriters.seededStateDict(arch, 42));
        CheckpointImporter.importCheckpoint(options(file).float16(true).build());
        assertThat(logits(dir.resolve("imported"))).containsExactly(builderLogits(arch), within(0.02f));
    }

    @Test
    void missingUnexpectedAndMisShapedTensorsAreListedInOneError() throws Exception {
        Map<String, Tensor> state =
                CheckpointWriters.seededStateDict(TestModels.tiny().build(), 42);
        state.remove("blocks.1.mlp.fc2.bias");
        state.put("blocks.0.attn.k_bias", new Tensor(new long[] {64}, new float[64]));
        state.put("head.bias", new Tensor(new long[] {9}, new float[9]));
        Path file = dir.resolve("broken.safetensors");
        CheckpointWriters.safetensors(file, state);
        assertThatThrownBy(
                        () -> CheckpointImporter.importCheckpoint(options(file).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("broken.safetensors does not fit a VideoMAE of width 64, depth 2, mean pooling: "
                        + "missing [blocks.1.mlp.fc2.bias]; unexpected [blocks.0.attn.k_bias[64]]; "
                        + "wrong shape [head.bias[9] (expected [10])]");
    }

    @Test
    void aConfigThatContradictsTheTensorsIsRefused() throws Exception {
        Path file = dir.resolve("model.safetensors");
        CheckpointWriters.safetensors(
                file, CheckpointWriters.seededStateDict(TestModels.tiny().build(), 42));
        Path config =
                Files.writeString(dir.resolve("other.json"), "{\"hidden_size\": 384, \"use_mean_pooling\": false}");
        assertThatThrownBy(() -> CheckpointImporter.importCheckpoint(
                        options(file).config(config).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage(
                        "config.json does not match model.safetensors: hidden_size is 384 but the checkpoint's tensors give 64; "
                                + "use_mean_pooling is false but the checkpoint has fc_norm (mean pooling)");
    }

    @Test
    void anAuthorsPretrainingCheckpointImportsAsTheBuildersAnomalyModelExactly() throws Exception {
        MaskedAutoencoderArchitecture arch = TestModels.tinyAutoencoder();
        Map<String, Tensor> state = new LinkedHashMap<>();
        CheckpointWriters.seededStateDict(arch.weightShapes(), 42).forEach((name, t) -> state.put("module." + name, t));
        Path file = dir.resolve("pretrain.pth");
        CheckpointWriters.torchZip(file, state, "model");
        CheckpointImporter.ImportResult result = CheckpointImporter.importCheckpoint(
                pretraining(file).maskRatio(0.75).build());
        assertThat(result.anomaly()).isTrue();
        assertThat(result.scheme()).isEqualTo(NameScheme.ORIGINAL);
        assertThat(result.autoencoder()).isEqualTo(arch);
        float[] imported = logits(dir.resolve("imported"));
        assertThat(imported).hasSize(18).containsExactly(logits(TestModels.tinyAnomalyModel(dir.resolve("builder"))));
        JsonNode config =
                new ObjectMapper().readTree(dir.resolve("imported/config.json").toFile());
        assertThat(config.get("task").asText()).isEqualTo("anomaly");
        assertThat(config.get("tubelet_anomaly_masks").asInt()).isEqualTo(4);
        assertThat(config.get("decoder_hidden_size").asInt()).isEqualTo(32);
        assertThat(config.has("id2label")).isFalse();
    }

    @Test
    void aPretrainingCheckpointIsNotClassifiedWithLabelsNorHalved() throws Exception {
        Path file = dir.resolve("pretrain.safetensors");
        Map<String, Tensor> state =
                CheckpointWriters.seededStateDict(TestModels.tinyAutoencoder().weightShapes(), 42);
        CheckpointWriters.safetensors(file, state);
        assertThatThrownBy(() -> CheckpointImporter.importCheckpoint(
                        pretraining(file).float16(true).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("--fp16: pretrain.safetensors is a pretraining checkpoint; its anomaly model computes in "
                        + "float32 (the score is a mean squared error of normalized pixels)");
        Path labels = Files.writeString(dir.resolve("labels.txt"), "a\nb\n");
        assertThatThrownBy(() -> CheckpointImporter.importCheckpoint(
                        pretraining(file).labels(labels).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("--labels: pretrain.safetensors is a pretraining checkpoint");
        assertThatThrownBy(() -> CheckpointImporter.importCheckpoint(
                        pretraining(file).decoderHeads(null).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("pretrain.safetensors: a 32-wide decoder is not one of VideoMAE's (192, 384, 512, 640); "
                        + "give its attention heads with --decoder-heads or a config.json");
        assertThatThrownBy(() -> CheckpointImporter.importCheckpoint(
                        pretraining(file).maskRatio(0.95).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("mask ratio: expected 2 to 9 masks (a ratio from 0.5 to 0.8889), found 20");

        state.remove("decoder.head.bias");
        state.put("decoder.blocks.0.attn.k_bias", new Tensor(new long[] {32}, new float[32]));
        Path broken = dir.resolve("broken.safetensors");
        CheckpointWriters.safetensors(broken, state);
        assertThatThrownBy(() ->
                        CheckpointImporter.importCheckpoint(pretraining(broken).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("broken.safetensors does not fit a VideoMAE masked autoencoder of width 64, depth 2, "
                        + "decoder width 32, decoder depth 1: missing [decoder.head.bias]; "
                        + "unexpected [decoder.blocks.0.attn.k_bias[32]]");
    }

    private ImportOptions.Builder pretraining(Path checkpoint) {
        return ImportOptions.builder(checkpoint, dir.resolve("imported"))
                .frames(4)
                .imageSize(48)
                .decoderHeads(2)
                .maskRatio(0.75);
    }

    @Test
    void truncatedFilesAreRefused() throws Exception {
        Map<String, Tensor> state =
                CheckpointWriters.seededStateDict(TestModels.tiny().build(), 42);
        Path safetensors = dir.resolve("model.safetensors");
        CheckpointWriters.safetensors(safetensors, state);
        byte[] bytes = Files.readAllBytes(safetensors);
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(
                        () -> CheckpointImporter.importCheckpoint(options(cut).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageStartingWith("cut.safetensors: tensor head.")
                .hasMessageEndingWith("truncated");
        Path headerOnly = Files.write(dir.resolve("header.safetensors"), Arrays.copyOf(bytes, 20));
        assertThatThrownBy(() ->
                        CheckpointImporter.importCheckpoint(options(headerOnly).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("does not fit the file");

        Path zip = dir.resolve("checkpoint.pth");
        CheckpointWriters.torchZip(zip, state, "model");
        byte[] zipBytes = Files.readAllBytes(zip);
        Path cutZip = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(zipBytes, zipBytes.length / 2));
        assertThatThrownBy(() ->
                        CheckpointImporter.importCheckpoint(options(cutZip).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("cut.pth: not a readable PyTorch zip checkpoint");
        Path text = Files.writeString(dir.resolve("notes.pth"), "hello world");
        assertThatThrownBy(
                        () -> CheckpointImporter.importCheckpoint(options(text).build()))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage(
                        "notes.pth: expected a safetensors file or a PyTorch zip checkpoint, found neither (9 bytes read)");
    }

    @Test
    void aPickleThatCallsOsSystemIsRefusedWithoutRunningAnything() throws Exception {
        Path marker = dir.resolve("pwned");
        byte[] pickle = new CheckpointWriters.Pickle()
                .proto()
                .global("os", "system")
                .mark()
                .unicode("touch " + marker)
                .op('t')
                .op('R')
                .op('.')
                .bytes();
        Path file = dir.resolve("evil.pth");
        CheckpointWriters.torchZip(file, pickle, Map.of());
        assertThatThrownBy(
                        () -> CheckpointImporter.importCheckpoint(options(file).build()))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessage(
                        "evil.pth: refusing to unpickle os.system: only tensors, state dicts and plain values are allowed "
                                + "(a checkpoint is untrusted input)");
        assertThat(marker).doesNotExist();

        // protocol 4 names globals from the stack (STACK_GLOBAL) instead of inline
        byte[] stackGlobal = new CheckpointWriters.Pickle()
                .proto()
                .unicode("posix")
                .unicode("system")
                .op(0x93)
                .mark()
                .unicode("touch " + marker)
                .op('t')
                .op('R')
                .op('.')
                .bytes();
        Path stackFile = dir.resolve("evil4.pth");
        CheckpointWriters.torchZip(stackFile, stackGlobal, Map.of());
        assertThatThrownBy(() ->
                        CheckpointImporter.importCheckpoint(options(stackFile).build()))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageContaining("refusing to unpickle posix.system");
        assertThat(marker).doesNotExist();

        byte[] builtins = new CheckpointWriters.Pickle()
                .proto()
                .global("builtins", "eval")
                .mark()
                .unicode("1+1")
                .op('t')
                .op('R')
                .op('.')
                .bytes();
        Path evalFile = dir.resolve("eval.pth");
        CheckpointWriters.torchZip(evalFile, builtins, Map.of());
        assertThatThrownBy(() ->
                        CheckpointImporter.importCheckpoint(options(evalFile).build()))
                .isInstanceOf(UnsafeCheckpointException.class)
                .hasMessageContaining("builtins.eval");
    }

    @Test
    void aStandardWidthNeedsNoHeadsButAnOddOneDoes() throws Exception {
        VideoMaeArchitecture odd = TestModels.tiny().hiddenSize(48).heads(3).build();
        Path file = dir.resolve("odd.safetensors");
        CheckpointWriters.safetensors(file, CheckpointWriters.seededStateDict(odd, 1));
        assertThatThrownBy(
                        () -> CheckpointImporter.importCheckpoint(options(file).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage(
                        "odd.safetensors: a 48-wide encoder is not a standard ViT size; give the number of attention heads "
                                + "with --heads or a config.json");
        assertThat(CheckpointImporter.importCheckpoint(options(file).heads(3).build())
                        .architecture()
                        .heads())
                .isEqualTo(3);
    }
}
