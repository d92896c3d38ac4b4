package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.PixelNormalizer;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Clips;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClipClassifierTest {
    @TempDir
    Path dir;

    private static ClassifierOptions.Builder options(Path model) {
        return ClassifierOptions.builder(model).execution(ExecutionOptions.cpu());
    }

    @ParameterizedTest
    @EnumSource(InputLayout.class)
    void runtimeMatchesADirectOrtCallOnTheSameTensor(InputLayout layout) throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), layout);
        Clip clip = Clips.random(4, 32, 7);
        try (ClipClassifier classifier = ClipClassifier.open(options(model).build())) {
            assertThat(classifier.info().layout()).isEqualTo(layout);
            float[] runtime = classifier.infer(List.of(clip)).get(0).logits();

            // The same clip, normalized by hand into a plain float array in the model's layout.
            PixelNormalizer normalizer = new PixelNormalizer(PreprocessorConfig.videoMaeDefaults(32));
            float[] input = new float[4 * 3 * 32 * 32];
            for (int t = 0; t < 4; t++) {
                FramePlanes f = clip.frames().get(t);
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            int index = layout == InputLayout.BTCHW
                                    ? ((t * 3 + c) * 32 + y) * 32 + x
                                    : ((c * 4 + t) * 32 + y) * 32 + x;
                            input[index] = normalizer.value(c, f.value(c, x, y));
                        }
                    }
                }
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session =
                            env.createSession(model.resolve("model.onnx").toString());
                    OnnxTensor tensor =
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), layout.shape(1, 4, 32, 32));
                    OrtSession.Result result = session.run(Map.of("pixel_values", tensor))) {
                float[][] direct = (float[][]) result.get(0).getValue();
                assertThat(runtime).containsExactly(direct[0]);
            }
        }
    }

    @Test
    void batchesGiveTheSameLogitsAsSingleClips() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        List<Clip> clips = List.of(Clips.random(4, 32, 1), Clips.random(4, 32, 2), Clips.random(4, 32, 3));
        try (ClipClassifier classifier =
                ClipClassifier.open(options(model).maxBatch(2).build())) {
            List<Prediction> batched = classifier.infer(clips);
            assertThat(batched).hasSize(3);
            for (int i = 0; i < clips.size(); i++) {
                float[] single = classifier.infer(List.of(clips.get(i))).get(0).logits();
                assertThat(batched.get(i).logits()).containsExactly(single, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void concurrentCallersGetTheirOwnAnswers() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        try (ClipClassifier classifier =
                ClipClassifier.open(options(model).maxBatch(2).build())) {
            int threads = 4;
            List<Clip> clips = new java.util.ArrayList<>();
            List<float[]> expected = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                clips.add(Clips.random(4, 32, 100 + i));
                expected.add(classifier.infer(List.of(clips.get(i))).get(0).logits());
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int index = i;
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 20; round++) {
                            float[] got = classifier
                                    .infer(List.of(clips.get(index), clips.get(index), clips.get(index)))
                                    .get(2)
                                    .logits();
                            if (!java.util.Arrays.equals(got, expected.get(index))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (java.util.concurrent.Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void refusesAModelWhoseFramesDoNotFitTheWindow() throws Exception {
        Path model = TestModels.write(TestModels.tiny().numFrames(8).build(), dir.resolve("m8"));
        assertThatThrownBy(() -> ClipClassifier.open(
                        options(model).frames(16).warmUp(false).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("takes 8 frames per clip")
                .hasMessageContaining("the window has 16");
        // A bare .onnx with no config.json: the graph's own shape tells.
        Path bare = Files.createDirectories(dir.resolve("bare")).resolve("videomae8.onnx");
        Files.copy(model.resolve("model.onnx"), bare);
        assertThatThrownBy(() -> ClipClassifier.open(
                        options(bare).frames(16).imageSize(32).warmUp(false).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("videomae8.onnx: the model takes 8 frames per clip, the window has 16")
                .hasMessageContaining("found [?, 8, 3, 32, 32]");
    }

    @Test
    void sessionsAreSharedAndClosedWithTheLastUser() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        ClipClassifier a = ClipClassifier.open(options(model).build());
        ClipClassifier b = ClipClassifier.open(options(model).build());
        SessionRegistry.Key key = new SessionRegistry.Key(
                model.resolve("model.onnx").toAbsolutePath().normalize(),
                a.info().sha256(),
                ExecutionOptions.cpu(),
                "AUTO/batch auto");
        assertThat(SessionRegistry.references(key)).isEqualTo(2);
        a.close();
        a.close();
        assertThat(SessionRegistry.references(key)).isEqualTo(1);
        assertThat(b.infer(List.of(Clips.random(4, 32, 1)))).hasSize(1);
        b.close();
        assertThat(SessionRegistry.references(key)).isZero();
    }

    @Test
    void aClosedClassifierRefusesToRunAndClosingUnderRunningCallsIsSafe() throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        ClipClassifier classifier =
                ClipClassifier.open(options(model).maxBatch(8).build());
        List<Clip> clips = java.util.Collections.nCopies(8, Clips.random(4, 32, 3));
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Throwable> ended =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        while (true) {
                            classifier.infer(clips);
                            runs.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        return t;
                    }
                });
        while (runs.get() < 3) {
            Thread.sleep(5);
        }
        classifier.close(); // while the other thread is running or about to run the graph
        Throwable end = ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
        if (end instanceof ai.onnxruntime.OrtException) {
            assertThat(end).hasMessageContaining("terminate"); // cancelled in flight
        } else {
            assertThat(end).isInstanceOf(IllegalStateException.class).hasMessage("model m is closed");
        }
        assertThatThrownBy(() -> classifier.infer(List.of(Clips.random(4, 32, 1))))
                .isInstanceOf(IllegalStateException.class);
        classifier.close(); // twice is harmless
    }

    @ParameterizedTest
    @EnumSource(InputLayout.class)
    void uint8PlanesNormalizedInTheGraphGiveBitEqualLogits(InputLayout layout) throws Exception {
        Path model = TestModels.tinyModel(dir.resolve("m-" + layout), layout);
        List<Clip> clips = List.of(Clips.random(4, 32, 11), Clips.random(4, 32, 12), Clips.random(4, 32, 13));
        try (ClipClassifier wrapped = ClipClassifier.open(
                        options(model).pixelInput(PixelInput.UINT8).build());
                ClipClassifier floats = ClipClassifier.open(
                        options(model).pixelInput(PixelInput.FLOAT).build())) {
            assertThat(wrapped.session().feed()).isEqualTo(PixelFeed.UINT8);
            assertThat(floats.session().feed()).isEqualTo(PixelFeed.FLOAT);
            List<Prediction> a = wrapped.infer(clips);
            List<Prediction> b = floats.infer(clips);
            for (int i = 0; i < clips.size(); i++) {
                assertThat(a.get(i).logits())
                        .as("clip %d", i)
                        .containsExactly(b.get(i).logits());
            }
        }
    }

    @Test
    void closeCancelsARunInFlightAndWaitsForIt() throws Exception {
        // deep enough that one run takes long: close must not wait it out, nor close the session under it
        Path model = TestModels.write(
                TestModels.tiny().depth(24).numFrames(16).imageSize(160).build(), dir.resolve("slow"));
        ClipClassifier classifier =
                ClipClassifier.open(options(model).maxBatch(4).warmUp(false).build());
        List<Clip> clips = java.util.Collections.nCopies(4, Clips.random(16, 160, 5));
        java.util.concurrent.CompletableFuture<Throwable> ended =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        while (true) {
                            classifier.infer(clips);
                        }
                    } catch (Throwable t) {
                        return t;
                    }
                });
        while (!classifier.session().running()) {
            Thread.sleep(1);
        }
        classifier.close();
        assertThat(classifier.session().running()).isFalse();
        Throwable end = ended.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(end).isInstanceOf(ai.onnxruntime.OrtException.class).hasMessageContaining("terminate");
    }
}
