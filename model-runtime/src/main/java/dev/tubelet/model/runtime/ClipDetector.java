package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoreActivation;
import dev.tubelet.model.preprocess.RoiMapping;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A VideoMAE detection model (AVA-style) on ONNX Runtime: clips and boxes on their keyframes in,
 * multi-label action scores per box out. The graph takes {@code pixel_values} (as a classifier)
 * and {@code rois [K, 5]} (batch index, x1, y1, x2, y2 in input pixels; {@link #roiMapping()} maps
 * boxes from the frame), and gives {@code logits [K, classes]}, scored with a sigmoid.
 *
 * <p>Opening, validation, session sharing and the pooled input buffers work as for the
 * classifier; a classification model is refused here and a detection model is refused as a
 * classifier. Clips without boxes are not run at all, so a window where nobody is seen costs
 * nothing. Thread-safe; {@link #close} waits for calls in flight.
 */
public final class ClipDetector implements AutoCloseable {
    /** Name of the boxes input. */
    public static final String ROIS = "rois";

    private final ModelSession model;
    private final RoiMapping mapping;
    private final ScoreActivation sigmoid = ScoreActivation.forProblem(ProblemType.MULTI_LABEL);

    private ClipDetector(ModelSession model) {
        this.model = model;
        this.mapping = new RoiMapping(model.info().preprocessor());
    }

    /**
     * @param options the model and how to run it (its problem type is always multi-label)
     * @return the open detector; close it when done
     * @throws dev.tubelet.model.InvalidModelException when the model is missing, corrupt, does not fit or has no rois input
     */
    public static ClipDetector open(ClassifierOptions options) {
        return new ClipDetector(
                ModelSession.open(options.withProblemType(ProblemType.MULTI_LABEL), ModelSession.Graph.DETECTOR));
    }

    /**
     * Reads and checks a detection model without opening it (see {@link ClipClassifier#inspect}).
     *
     * @param options the model and its window
     * @return what the model is; its provider is null
     */
    public static ModelInfo inspect(ClassifierOptions options) {
        return ModelSession.inspectOnly(options.withProblemType(ProblemType.MULTI_LABEL), ModelSession.Graph.DETECTOR);
    }

    /** @return identity, provider, shapes, labels and preprocessing of the model */
    public ModelInfo info() {
        return model.info();
    }

    /** @return where the model's time has gone since it opened */
    public InferenceTimings timings() {
        return model.timings();
    }

    /** @return the mapping of frame boxes to this model's input pixels */
    public RoiMapping roiMapping() {
        return mapping;
    }

    /** @return clips per ONNX Runtime run */
    public int batchCapacity() {
        return model.batchCapacity();
    }

    /**
     * Runs the detection model: for each clip, one multi-label prediction per box (empty for a
     * clip without boxes), in batches of {@link #batchCapacity()} clips: {@link #fill} then
     * {@link #run} for each.
     *
     * @param clips clips at the model's input size
     * @param boxes per clip, x1, y1, x2, y2 in input pixels (use {@link #roiMapping()})
     * @return per clip, the predictions of its boxes in order
     * @throws IllegalArgumentException when counts or shapes do not fit
     * @throws OrtException when ONNX Runtime fails
     */
    public List<List<Prediction>> detect(List<Clip> clips, List<float[]> boxes) throws OrtException {
        if (clips.size() != boxes.size()) {
            throw new IllegalArgumentException(clips.size() + " clips but boxes for " + boxes.size());
        }
        List<List<Prediction>> results = new ArrayList<>(clips.size());
        int capacity = model.batchCapacity();
        for (int from = 0; from < clips.size(); from += capacity) {
            int to = Math.min(clips.size(), from + capacity);
            results.addAll(run(fill(clips.subList(from, to), boxes.subList(from, to))));
        }
        return results;
    }

    /**
     * Fills a pooled input tensor with the clips that have boxes, and the boxes' rows: the CPU half
     * of a batch.
     *
     * @param clips at most {@link #batchCapacity()} clips
     * @param boxes per clip, x1, y1, x2, y2 in input pixels
     * @return the batch, to {@link #run} or {@link #discard}
     * @throws IllegalArgumentException when counts or shapes do not fit
     */
    public FilledBatch fill(List<Clip> clips, List<float[]> boxes) {
        if (clips.size() != boxes.size()) {
            throw new IllegalArgumentException(clips.size() + " clips but boxes for " + boxes.size());
        }
        if (clips.size() > model.batchCapacity()) {
            throw new IllegalArgumentException(
                    "a batch holds up to " + model.batchCapacity() + " clips, found " + clips.size());
        }
        int[] boxesPerClip = new int[clips.size()];
        int[] rowOfClip = new int[clips.size()];
        int rows = 0;
        int total = 0;
        for (int i = 0; i < clips.size(); i++) {
            if (boxes.get(i).length % 4 != 0) {
                throw new IllegalArgumentException(
                        "boxes come as x1, y1, x2, y2 each; found " + boxes.get(i).length + " values");
            }
            boxesPerClip[i] = boxes.get(i).length / 4;
            rowOfClip[i] = -1;
            if (boxesPerClip[i] > 0) {
                model.checkClip(clips.get(i));
                rowOfClip[i] = rows++;
                total += boxesPerClip[i];
            }
        }
        long wall = System.nanoTime();
        long cpu = InferenceTimings.cpuNow();
        InputBatch buffer = rows > 0 ? model.borrow() : null;
        float[] rois = new float[total * 5];
        int k = 0;
        for (int i = 0; i < clips.size(); i++) {
            if (rowOfClip[i] < 0) {
                continue;
            }
            buffer.write(model.writer(), clips.get(i), rowOfClip[i]);
            float[] clipBoxes = boxes.get(i);
            for (int j = 0; j < clipBoxes.length; j += 4) {
                rois[k * 5] = rowOfClip[i];
                System.arraycopy(clipBoxes, j, rois, k * 5 + 1, 4);
                k++;
            }
        }
        long fillCpu = InferenceTimings.cpuNow() - cpu;
        model.timings().addTensorFill(fillCpu);
        int runSize = model.signature().fixedBatch() > 0 ? model.signature().fixedBatch() : rows;
        return new FilledBatch(
                buffer, clips.size(), runSize, rois, boxesPerClip, rowOfClip, System.nanoTime() - wall, fillCpu);
    }

    /**
     * Runs a filled batch and gives its buffer back to the pool.
     *
     * @param batch from {@link #fill}
     * @return per clip, the predictions of its boxes in order
     * @throws OrtException when ONNX Runtime fails (or the run was cancelled by {@link #close})
     */
    public List<List<Prediction>> run(FilledBatch batch) throws OrtException {
        batch.use();
        List<List<Prediction>> results = new ArrayList<>(batch.clips);
        for (int i = 0; i < batch.clips; i++) {
            results.add(List.of());
        }
        if (batch.buffer == null) {
            return results;
        }
        try {
            run(batch, results);
            return results;
        } finally {
            model.release(batch.buffer);
        }
    }

    /** Gives a batch that will not run back to the pool. */
    public void discard(FilledBatch batch) {
        model.discard(batch);
    }

    private void run(FilledBatch batch, List<List<Prediction>> results) throws OrtException {
        ModelSignature s = model.signature();
        int total = batch.rois.length / 5;
        long[] shape = s.layout().shape(batch.runSize, s.frames(), s.height(), s.width());
        try (OnnxTensor input = batch.buffer.tensor(model.environment(), shape);
                OnnxTensor roiTensor = OnnxTensor.createTensor(
                        model.environment(), FloatBuffer.wrap(batch.rois), new long[] {total, 5});
                OrtSession.Result result = model.run(Map.of(model.pixelInput(), input, ROIS, roiTensor))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] outShape = output.getInfo().getShape();
            int classes = (int) outShape[1];
            if (outShape[0] != total) {
                throw new IllegalStateException(
                        "the detection model gave " + outShape[0] + " rows for " + total + " boxes");
            }
            FloatBuffer logits = output.getFloatBuffer();
            LabelSet labels = model.labelsFor(classes);
            int row = 0;
            for (int i = 0; i < batch.clips; i++) {
                int n = batch.boxesPerClip[i];
                if (n == 0) {
                    continue;
                }
                List<Prediction> perBox = new ArrayList<>(n);
                for (int j = 0; j < n; j++, row++) {
                    float[] r = new float[classes];
                    logits.get(row * classes, r);
                    perBox.add(new Prediction(r, sigmoid, labels));
                }
                results.set(i, perBox);
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
