package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.testmodels.OnnxEdits;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Clips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models that do not fit are refused at open with one line that says what was expected and found. */
class ModelValidationTest {
    @TempDir
    Path dir;

    private static ClassifierOptions.Builder cpu(Path model) {
        return ClassifierOptions.builder(model)
                .execution(ExecutionOptions.cpu())
                .warmUp(false);
    }

    private static void assertRefused(ClassifierOptions options, String... parts) {
        assertThatThrownBy(() -> ClipClassifier.open(options).close())
                .isInstanceOf(InvalidModelException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    for (String part : parts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    @Test
    void aMissingPathAnEmptyDirectoryAndAWrongFileAreRefused() throws Exception {
        assertRefused(cpu(dir.resolve("nope")).build(), "nope: no such file or directory");
        Files.createDirectories(dir.resolve("empty"));
        assertRefused(cpu(dir.resolve("empty")).build(), "expected model.onnx (or a single .onnx file), found none");
        Path text = Files.writeString(dir.resolve("model.txt"), "hello");
        assertRefused(cpu(text).build(), "expected a model directory or an .onnx file, found a .txt file");
    }

    @Test
    void aCorruptOnnxFileIsRefused() throws Exception {
        Path bad = Files.write(dir.resolve("bad.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertRefused(
                cpu(bad).build(),
                "bad.onnx: expected an ONNX model (protobuf ModelProto), found bytes that do not parse");
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        byte[] bytes = Files.readAllBytes(model.resolve("model.onnx"));
        Path truncated = Files.write(dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(cpu(truncated).build(), "truncated.onnx: expected an ONNX model (protobuf ModelProto)");
    }

    @Test
    void aBrokenConfigJsonIsRefusedNamingTheFile() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        Files.writeString(model.resolve("config.json"), "{\"num_frames\": \"sixteen\"}");
        assertRefused(cpu(model).build(), "config.json: 'num_frames' must be an integer, found \"sixteen\"");
        Files.writeString(model.resolve("config.json"), "{not json");
        assertRefused(cpu(model).build(), "config.json: not valid JSON");
    }

    @Test
    void aModelOfAnotherInputSizeIsRefused() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        Files.writeString(
                model.resolve("preprocessor_config.json"),
                "{\"size\": {\"shortest_edge\": 64}, \"crop_size\": {\"height\": 64, \"width\": 64}}");
        assertRefused(
                cpu(model).build(),
                "the model takes 32x32 frames, preprocessing makes 64x64",
                "found [?, 4, 3, 32, 32]");
    }

    @Test
    void aGraphThatIsNotAClipClassifierIsRefused() throws Exception {
        Path image = dir.resolve("image.onnx");
        OnnxEdits.identity(image, "pixel_values", new long[] {1, 3, 224, 224}, "logits", new long[] {1, 3, 224, 224});
        assertRefused(cpu(image).build(), "expected input 'pixel_values' to be 5-D", "found [1, 3, 224, 224]");

        Path twoOutputs = dir.resolve("features.onnx");
        OnnxEdits.identity(
                twoOutputs, "pixel_values", new long[] {1, 16, 3, 224, 224}, "features", new long[] {1, 16, 3, 224, 224
                });
        assertRefused(
                cpu(twoOutputs).build(),
                "expected output 'features' of shape [batch, classes], found [1, 16, 3, 224, 224]");
    }

    @Test
    void labelsThatDoNotMatchTheHeadAreRefused() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        Path labels = Files.writeString(dir.resolve("labels.txt"), "run\nwalk\n");
        assertRefused(cpu(model).labelsFile(labels).build(), "the model outputs 10 classes, the labels name 2");
    }

    @Test
    void aSha256PinMustMatch() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        assertRefused(cpu(model).sha256("00ff").build(), "expected sha256 00ff, found ");
        String actual = ModelFiles.locate(model).sha256();
        try (ClipClassifier c =
                ClipClassifier.open(cpu(model).sha256(actual.toUpperCase()).build())) {
            assertThat(c.info().sha256()).isEqualTo(actual);
        }
    }

    @Test
    void dynamicFrameAndChannelAxesNeedAStatedLayout() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BCTHW);
        Path dynamic = dir.resolve("dyn/videomae.onnx");
        OnnxEdits.reshape(model.resolve("model.onnx"), dynamic, new Object[] {null, "c", "t", null, null}, null);
        assertRefused(cpu(dynamic).frames(4).build(), "cannot tell the input layout from [?, ?, ?, 32, 32]");
        try (ClipClassifier c = ClipClassifier.open(
                cpu(dynamic).frames(4).layout(InputLayout.BCTHW).build())) {
            assertThat(c.info().layout()).isEqualTo(InputLayout.BCTHW);
            assertThat(c.info().height()).isEqualTo(32); // no preprocessor config: crop to the graph's fixed size
        }
    }

    @Test
    void aFixedBatchGraphIsFedFullBatchesAndPaddedAtTheEnd() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        Path fixed = dir.resolve("fixed/model.onnx");
        OnnxEdits.reshape(model.resolve("model.onnx"), fixed, new Object[] {2L, null, null, null, null}, 2L);
        Files.copy(model.resolve("config.json"), fixed.resolveSibling("config.json"));
        List<Clip> clips = List.of(Clips.random(4, 32, 1), Clips.random(4, 32, 2), Clips.random(4, 32, 3));
        try (ClipClassifier dynamic = ClipClassifier.open(cpu(model).build());
                ClipClassifier batch2 =
                        ClipClassifier.open(cpu(fixed).warmUp(true).build())) {
            assertThat(batch2.batchCapacity()).isEqualTo(2);
            assertThat(batch2.info().fixedBatch()).isEqualTo(2);
            List<Prediction> expected = dynamic.infer(clips);
            List<Prediction> actual = batch2.infer(clips);
            assertThat(actual).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(actual.get(i).logits())
                        .containsExactly(expected.get(i).logits(), within(1e-5f));
            }
            assertThat(batch2.infer(List.of(clips.get(2))).get(0).logits())
                    .containsExactly(expected.get(2).logits(), within(1e-5f));
        }
    }

    @Test
    void wrongClipsAreRefusedAtInfer() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        try (ClipClassifier c = ClipClassifier.open(cpu(model).build())) {
            assertThatThrownBy(() -> c.infer(List.of(Clips.random(3, 32, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the model takes 4 frames per clip, found 3");
            assertThatThrownBy(() -> c.infer(List.of(Clips.random(4, 16, 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the model takes 32x32 frames, found 16x16");
        }
    }
}
