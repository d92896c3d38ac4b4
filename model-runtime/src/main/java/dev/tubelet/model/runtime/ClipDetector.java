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
     * @param clips clips of the model's frames and size
     * @param boxes per clip, its keyframe's boxes in input pixels, {@code x1, y1, x2, y2} each (an empty array for none)
     * @return per clip, one prediction per box, in the boxes' order
     * @throws OrtException when ONNX Runtime fails
     */
    public List<List<Prediction>> detect(List<Clip> clips, List<float[]> boxes) throws OrtException {
        if (clips.size() != boxes.size()) {
            throw new IllegalArgumentException(clips.size() + " clips but boxes for " + boxes.size());
        }
        List<List<Prediction>> results = new ArrayList<>(clips.size());
        List<Integer> withBoxes = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            if (boxes.get(i).length % 4 != 0) {
                throw new IllegalArgumentException(
                        "boxes come as x1, y1, x2, y2 each; found " + boxes.get(i).length + " values");
            }
            results.add(List.of());
            if (boxes.get(i).length > 0) {
                model.checkClip(clips.get(i));
                withBoxes.add(i);
            }
        }
        if (withBoxes.isEmpty()) {
            return results;
        }
        int capacity = model.batchCapacity();
        InputBatch batch = model.borrow();
        try {
            for (int from = 0; from < withBoxes.size(); from += capacity) {
                List<Integer> chunk = withBoxes.subList(from, Math.min(withBoxes.size(), from + capacity));
                run(batch, chunk, clips, boxes, results);
            }
        } finally {
            model.release(batch);
        }
        return results;
    }

    private void run(
            InputBatch batch,
            List<Integer> chunk,
            List<Clip> clips,
            List<float[]> boxes,
            List<List<Prediction>> results)
            throws OrtException {
        ModelSignature s = model.signature();
        int total = 0;
        for (int i : chunk) {
            total += boxes.get(i).length / 4;
        }
        float[] rois = new float[total * 5];
        int k = 0;
        for (int b = 0; b < chunk.size(); b++) {
            int i = chunk.get(b);
            long fillStart = InferenceTimings.cpuNow();
            batch.write(model.writer(), clips.get(i), b);
            model.timings().addTensorFill(InferenceTimings.cpuNow() - fillStart);
            float[] clipBoxes = boxes.get(i);
            for (int j = 0; j < clipBoxes.length; j += 4) {
                rois[k * 5] = b;
                System.arraycopy(clipBoxes, j, rois, k * 5 + 1, 4);
                k++;
            }
        }
        int runSize = s.fixedBatch() > 0 ? s.fixedBatch() : chunk.size();
        long[] shape = s.layout().shape(runSize, s.frames(), s.height(), s.width());
        try (OnnxTensor input = batch.tensor(model.environment(), shape);
                OnnxTensor roiTensor =
                        OnnxTensor.createTensor(model.environment(), FloatBuffer.wrap(rois), new long[] {total, 5});
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
            for (int i : chunk) {
                int n = boxes.get(i).length / 4;
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

    /** Waits for calls in flight, then releases this detector's reference to the shared session. */
    @Override
    public void close() {
        model.close();
    }
}
