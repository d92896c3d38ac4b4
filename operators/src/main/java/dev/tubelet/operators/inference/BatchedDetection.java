package dev.tubelet.operators.inference;

import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.preprocess.RoiMapping;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ClipDetector;
import dev.tubelet.model.runtime.FilledBatch;
import dev.tubelet.model.runtime.InferenceTimings;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.WindowFrames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores the boxes on each window's keyframe with the detection model, batched across cameras and
 * slots like the classifier (one queue per model per JVM, in flight windows checkpointed by the
 * async I/O operator). Boxes are mapped from the frame to the model's input through the same
 * resize and crop as the frames; a box wholly outside the crop is kept but gets no actions; a
 * window without boxes costs no model run.
 */
public class BatchedDetection extends BatchedModelFunction<Prediction[], DetectedWindow> {
    private static final long serialVersionUID = 1L;

    private final DetectionSpec spec;

    /**
     * @param spec the model and the batching
     */
    public BatchedDetection(DetectionSpec spec) {
        this(spec, WindowFrames.Decoding.defaults());
    }

    /**
     * @param spec the model and the batching
     * @param decoding how the window assembler decodes frames (for windows restored from a checkpoint)
     */
    public BatchedDetection(DetectionSpec spec, WindowFrames.Decoding decoding) {
        super(MetricNames.DETECTION_BATCH_SIZE, MetricNames.DETECTION_LATENCY_MS, "detection", decoding);
        this.spec = spec;
    }

    @Override
    WindowBatcher<?, Prediction[]> acquire() {
        InferenceSpec inference = spec.inference();
        return WindowBatcher.acquire(
                List.of("detection", inference),
                inference,
                () -> new DetectorModel(ClipDetector.open(ClassifierOptions.builder(Path.of(inference.modelPath()))
                        .execution(inference.execution())
                        .maxBatch(inference.maxBatch())
                        .build())));
    }

    @Override
    DetectedWindow output(ClipWindow window, WindowBatcher.Result<Prediction[]> r, ModelInfo model) {
        DetectedWindow d = new DetectedWindow();
        int t = window.seqs.length;
        int key = window.keyframeIndex();
        d.cameraId = window.cameraId;
        d.firstSeq = window.seqs[0];
        d.lastSeq = window.seqs[t - 1];
        d.stride = window.stride;
        d.keyframeSeq = window.seqs[key];
        d.keyframeMicros = window.captureMicros[key];
        d.firstCaptureMicros = window.captureMicros[0];
        d.lastCaptureMicros = window.captureMicros[t - 1];
        d.origin = window.keyBoxOrigin;
        d.boxLabels = window.keyBoxLabels;
        float[] boxes = window.keyBoxes == null ? new float[0] : window.keyBoxes;
        int n = boxes.length / 5;
        d.boxes = new float[n * 4];
        d.boxScores = new float[n];
        d.inView = new boolean[n];
        d.trackIds = new long[n];
        d.actionIndices = new int[n][];
        d.actionLabels = new String[n][];
        d.actionScores = new float[n][];
        Prediction[] predictions = r.value();
        for (int i = 0; i < n; i++) {
            System.arraycopy(boxes, i * 5, d.boxes, i * 4, 4);
            d.boxScores[i] = boxes[i * 5 + 4];
            Prediction p = predictions[i];
            d.inView[i] = p != null;
            List<dev.tubelet.model.postprocess.ScoredLabel> actions = p == null
                    ? List.of()
                    : p.top(spec.inference().topK()).stream()
                            .filter(l -> l.score() >= spec.actionThreshold())
                            .toList();
            d.actionIndices[i] = new int[actions.size()];
            d.actionLabels[i] = new String[actions.size()];
            d.actionScores[i] = new float[actions.size()];
            for (int a = 0; a < actions.size(); a++) {
                d.actionIndices[i][a] = actions.get(a).index();
                d.actionLabels[i][a] = actions.get(a).label();
                d.actionScores[i][a] = actions.get(a).score();
            }
        }
        d.modelName = model.name();
        d.modelSha256 = model.sha256();
        d.provider = model.provider().name();
        d.inferenceMs = r.inferenceMs();
        d.batchSize = r.batchSize();
        return d;
    }

    /** The detection model over windows: keyframe boxes mapped to input pixels, one prediction per box (null outside the crop). */
    /** A filled detection batch and, per window, which of its boxes went in. */
    private record FilledDetection(FilledBatch batch, int[] boxCounts, List<int[]> boxIndex) {}

    private static final class DetectorModel implements WindowBatcher.Model<FilledDetection, Prediction[]> {
        private final ClipDetector detector;
        private final RoiMapping mapping;

        DetectorModel(ClipDetector detector) {
            this.detector = detector;
            this.mapping = detector.roiMapping();
        }

        @Override
        public ModelInfo info() {
            return detector.info();
        }

        @Override
        public InferenceTimings timings() {
            return detector.timings();
        }

        @Override
        public int capacity() {
            return detector.batchCapacity();
        }

        @Override
        public FilledDetection fill(List<ClipWindow> windows) {
            List<Clip> clips = new ArrayList<>(windows.size());
            List<float[]> inputBoxes = new ArrayList<>(windows.size());
            List<int[]> boxIndex = new ArrayList<>(windows.size());
            int[] boxCounts = new int[windows.size()];
            for (int w = 0; w < windows.size(); w++) {
                ClipWindow window = windows.get(w);
                float[] boxes = window.keyBoxes == null ? new float[0] : window.keyBoxes;
                int n = boxes.length / 5;
                boxCounts[w] = n;
                float[] mapped = new float[n * 4];
                int[] index = new int[n];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (mapping.toInput(window.keyWidth, window.keyHeight, boxes, i * 5, mapped, k * 4)) {
                        index[k++] = i;
                    }
                }
                clips.add(WindowBatcher.clip(window));
                inputBoxes.add(Arrays.copyOf(mapped, k * 4));
                boxIndex.add(Arrays.copyOf(index, k));
            }
            return new FilledDetection(detector.fill(clips, inputBoxes), boxCounts, boxIndex);
        }

        @Override
        public List<Prediction[]> run(FilledDetection filled) throws Exception {
            List<List<Prediction>> predictions = detector.run(filled.batch());
            List<Prediction[]> out = new ArrayList<>(filled.boxCounts().length);
            for (int w = 0; w < filled.boxCounts().length; w++) {
                Prediction[] perBox = new Prediction[filled.boxCounts()[w]];
                int[] index = filled.boxIndex().get(w);
                for (int j = 0; j < index.length; j++) {
                    perBox[index[j]] = predictions.get(w).get(j);
                }
                out.add(perBox);
            }
            return out;
        }

        @Override
        public void discard(FilledDetection filled) {
            detector.discard(filled.batch());
        }

        @Override
        public void close() {
            detector.close();
        }
    }
}
