package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.ModelTask;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.testmodels.TestModels;
import dev.tubelet.model.testutils.Clips;
import dev.tubelet.model.testutils.PythonReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipDetectorTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClipDetectorTest.class);

    @TempDir
    static Path dir;

    static Path detection;
    static Path classification;
    static VideoMaeArchitecture arch;

    @BeforeAll
    static void models() throws IOException {
        // 4 frames of 64x64: a 4x4 token grid over 2 time steps, so RoIAlign has room to sample
        arch = TestModels.tiny()
                .imageSize(64)
                .numClasses(6)
                .useMeanPooling(false)
                .problemType(ProblemType.MULTI_LABEL)
                .build();
        detection = dir.resolve("detect");
        new ModelDirectoryWriter(arch, new SeededWeights(5))
                .task(ModelTask.DETECTION)
                .write(detection);
        classification = TestModels.write(TestModels.tiny().build(), dir.resolve("classify"));
    }

    private static ClipDetector open() {
        return ClipDetector.open(ClassifierOptions.builder(detection).build());
    }

    @Test
    void noBoxesMeansNoRunAndNoPredictions() throws Exception {
        try (ClipDetector d = open()) {
            Clip clip = Clips.random(4, 64, 1);
            List<List<Prediction>> out = d.detect(List.of(clip, clip), List.of(new float[0], new float[0]));
            assertThat(out).hasSize(2).allMatch(List::isEmpty);
            assertThat(d.detect(List.of(), List.of())).isEmpty();
        }
    }

    @Test
    void eachBoxGetsMultiLabelScoresInItsOrderAndBatchingChangesNothing() throws Exception {
        try (ClipDetector d = open()) {
            Clip a = Clips.random(4, 64, 2);
            Clip b = Clips.random(4, 64, 3);
            float[] boxesA = {0, 0, 64, 64, 8, 16, 40, 60, 30, 2, 63, 20};
            float[] boxesB = {10, 10, 30, 50};
            List<List<Prediction>> together = d.detect(List.of(a, b, a), List.of(boxesA, boxesB, new float[0]));
            assertThat(together.get(0)).hasSize(3);
            assertThat(together.get(1)).hasSize(1);
            assertThat(together.get(2)).isEmpty();
            // scores are sigmoids of the logits, each class on its own
            float[] scores = together.get(0).get(1).scores();
            float[] logits = together.get(0).get(1).logits();
            assertThat(scores).hasSize(6);
            for (int c = 0; c < 6; c++) {
                assertThat(scores[c]).isCloseTo((float) (1 / (1 + Math.exp(-logits[c]))), within(1e-6f));
            }
            // each clip alone gives the same numbers: boxes go to their own clip's features
            List<Prediction> aloneB = d.detect(List.of(b), List.of(boxesB)).get(0);
            assertThat(aloneB.get(0).logits())
                    .containsExactly(together.get(1).get(0).logits(), within(1e-5f));
            float[] reversed = {30, 2, 63, 20, 8, 16, 40, 60, 0, 0, 64, 64};
            List<Prediction> swapped = d.detect(List.of(a), List.of(reversed)).get(0);
            assertThat(swapped.get(0).logits())
                    .containsExactly(together.get(0).get(2).logits(), within(1e-5f));
            assertThat(swapped.get(2).logits())
                    .containsExactly(together.get(0).get(0).logits(), within(1e-5f));
            // different boxes see different features
            assertThat(together.get(0).get(0).logits())
                    .isNotEqualTo(together.get(0).get(1).logits());
        }
    }

    @Test
    void uint8PlanesThroughThePrologueGiveTheSameBoxScoresBitForBit() throws Exception {
        try (ClipDetector floats = ClipDetector.open(ClassifierOptions.builder(detection)
                        .pixelInput(PixelInput.FLOAT)
                        .build());
                ClipDetector wrapped = ClipDetector.open(ClassifierOptions.builder(detection)
                        .pixelInput(PixelInput.UINT8)
                        .build())) {
            List<Clip> clips = List.of(Clips.random(4, 64, 7), Clips.random(4, 64, 8));
            List<float[]> boxes = List.of(new float[] {0, 0, 64, 64, 8, 16, 40, 60}, new float[] {10, 10, 30, 50});
            List<List<Prediction>> a = floats.detect(clips, boxes);
            List<List<Prediction>> b = wrapped.detect(clips, boxes);
            for (int i = 0; i < clips.size(); i++) {
                for (int j = 0; j < a.get(i).size(); j++) {
                    assertThat(b.get(i).get(j).logits())
                            .containsExactly(a.get(i).get(j).logits());
                }
            }
        }
    }

    @Test
    void theDefaultPixelInputIsUint8OnGpusAndTheTablesOnCpu() {
        assertThat(PixelInput.AUTO.uint8On(ExecutionProvider.CUDA)).isTrue();
        assertThat(PixelInput.AUTO.uint8On(ExecutionProvider.TENSORRT)).isTrue();
        assertThat(PixelInput.AUTO.uint8On(ExecutionProvider.CPU)).isFalse();
        assertThat(PixelInput.UINT8.uint8On(ExecutionProvider.CPU)).isTrue();
        assertThat(PixelInput.FLOAT.uint8On(ExecutionProvider.CUDA)).isFalse();
    }

    @Test
    void aClassifierIsRefusedAsDetectorAndADetectorAsClassifier() {
        assertThatThrownBy(() -> ClipDetector.open(
                        ClassifierOptions.builder(classification).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("expected a detection model with inputs pixel_values and rois")
                .hasMessageContaining("[pixel_values]");
        assertThatThrownBy(() ->
                        ClipClassifier.open(ClassifierOptions.builder(detection).build()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("expected a classification model")
                .hasMessageContaining("--detect-model");
    }

    @Test
    void detectionModelDirectorySaysWhatItIs() throws Exception {
        var config =
                new ObjectMapper().readTree(detection.resolve("config.json").toFile());
        assertThat(config.path("tubelet_task").asText()).isEqualTo("detection");
        assertThat(config.path("problem_type").asText()).isEqualTo("multi_label_classification");
        try (ClipDetector d = open()) {
            assertThat(d.info().problemType()).isEqualTo(ProblemType.MULTI_LABEL);
            assertThat(d.info().labels().size()).isEqualTo(6);
        }
    }

    /** The graph against PyTorch: the same encoder, torchvision's roi_align, max over 7x7, the head. */
    @Test
    void logitsMatchPyTorchWithTorchvisionRoiAlign(@TempDir Path tmp) throws Exception {
        PythonReference.assumeAvailable();
        List<Clip> clips = List.of(Clips.random(4, 64, 11), Clips.random(4, 64, 12));
        List<float[]> boxes = List.of(
                new float[] {0, 0, 64, 64, 3.5f, 7.25f, 41f, 59.5f, 50f, 1f, 63.9f, 18f},
                new float[] {12f, 20f, 13f, 44f});
        List<List<Prediction>> ours;
        try (ClipDetector d = open()) {
            ours = d.detect(clips, boxes);
        }
        PreprocessorConfig pre = PreprocessorConfig.videoMaeDefaults(64);
        ByteBuffer raw = ByteBuffer.allocate(clips.size() * 4 * 3 * 64 * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (Clip clip : clips) {
            for (FramePlanes f : clip.frames()) {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < 64 * 64; i++) {
                        float v = (f.data()[c * 64 * 64 + i] & 0xFF) / 255f;
                        raw.putFloat((float) ((v - pre.imageMean()[c]) / pre.imageStd()[c]));
                    }
                }
            }
        }
        Path clipFile = Files.write(tmp.resolve("clips.f32"), raw.array());
        List<float[]> rois = new ArrayList<>();
        for (int b = 0; b < boxes.size(); b++) {
            for (int j = 0; j < boxes.get(b).length; j += 4) {
                float[] box = boxes.get(b);
                rois.add(new float[] {b, box[j], box[j + 1], box[j + 2], box[j + 3]});
            }
        }
        ObjectMapper json = new ObjectMapper();
        Path boxFile = tmp.resolve("boxes.json");
        json.writeValue(boxFile.toFile(), rois);
        Path out = tmp.resolve("logits.json");
        PythonReference.runScript(
                "videomae_detection_reference.py",
                List.of(detection.toString(), clipFile.toString(), boxFile.toString(), out.toString()),
                300);
        double[][] reference = json.readValue(out.toFile(), double[][].class);
        List<Prediction> flat = new ArrayList<>();
        ours.forEach(flat::addAll);
        assertThat(flat).hasSize(reference.length);
        double num = 0;
        double den = 0;
        for (int k = 0; k < reference.length; k++) {
            for (int c = 0; c < reference[k].length; c++) {
                double diff = flat.get(k).logits()[c] - reference[k][c];
                num += diff * diff;
                den += reference[k][c] * reference[k][c];
            }
        }
        LOG.info(
                "detection logits vs PyTorch (torchvision roi_align): relative L2 {} over {} boxes",
                String.format("%.3g", Math.sqrt(num / den)),
                flat.size());
        assertThat(Math.sqrt(num / den))
                .as("relative L2 of per-box logits vs PyTorch")
                .isLessThan(1e-4);
    }
}
