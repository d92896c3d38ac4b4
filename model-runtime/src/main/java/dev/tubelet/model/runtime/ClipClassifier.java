package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoreActivation;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VideoMAE classification model on ONNX Runtime: clips in, predictions out.
 *
 * <pre>{@code
 * try (ClipClassifier model = ClipClassifier.open(ClassifierOptions.builder(Path.of("m")).build())) {
 *     FramePreprocessor pre = model.newPreprocessor();
 *     Clip clip = new Clip(frames.stream().map(pre::preprocess).toList());
 *     Prediction p = model.infer(List.of(clip)).get(0);
 *     p.top(5);
 * }
 * }</pre>
 *
 * <p>Opening validates the graph against the window and the preprocessing and refuses a model
 * that does not fit ({@link InvalidModelException}, one line naming what was expected and what
 * was found). The session is shared with every other classifier of the same model and settings
 * in the JVM. {@link #infer} is thread-safe: each call fills one of a pool
 * of reused direct buffers, splits the clips into the graph's batch size (padding the last batch
 * of a fixed-batch graph) and runs them; {@link #close} waits for calls in flight.
 */
public final class ClipClassifier extends SessionClipModel<Prediction> {
    private static final Logger LOG = LoggerFactory.getLogger(ClipClassifier.class);

    private final ScoreActivation activation;

    private ClipClassifier(ModelSession model) {
        super(model);
        this.activation = ScoreActivation.forProblem(model.info().problemType());
    }

    /**
     * Opens a model: reads its configuration, validates its graph, opens (or shares) its session on
     * the preferred provider and warms it up at the largest batch.
     *
     * @param options the model and how to run it
     * @return the open classifier; close it when done
     * @throws InvalidModelException when the model is missing, corrupt or does not fit
     * @throws GpuUnavailableException when a GPU is required and none works
     */
    public static ClipClassifier open(ClassifierOptions options) {
        return new ClipClassifier(ModelSession.open(options, ModelSession.Graph.CLASSIFIER));
    }

    /**
     * Reads and checks a classification model without opening it: no session, no provider, no GPU
     * needed. What a JobManager does before it hands the job to TaskManagers, which open it.
     *
     * @param options the model and its window (the execution settings are not used)
     * @return what the model is; its provider is null
     * @throws InvalidModelException when the model is missing, corrupt or does not fit
     */
    public static ModelInfo inspect(ClassifierOptions options) {
        return ModelSession.inspectOnly(options, ModelSession.Graph.CLASSIFIER);
    }

    /** @return class names */
    public LabelSet labels() {
        return model.labels();
    }

    /**
     * Runs the model on clips, in batches of {@link #batchCapacity()}: {@link #fill} then
     * {@link #run} for each.
     *
     * @param clips clips of {@code frames} frames at the model's input size
     * @return one prediction per clip, in order
     * @throws IllegalArgumentException when a clip has the wrong number or size of frames
     * @throws IllegalStateException when the classifier is closed
     * @throws OrtException when ONNX Runtime fails
     */
    public List<Prediction> infer(List<Clip> clips) throws OrtException {
        return model.inBatches(clips, this::run);
    }

    /**
     * Runs a filled batch and gives its buffer back to the pool.
     *
     * @param batch from {@link #fill}
     * @return one prediction per clip, in order
     * @throws IllegalStateException when the classifier is closed or the batch was used
     * @throws OrtException when ONNX Runtime fails (or the run was cancelled by {@link #close})
     */
    @Override
    public List<Prediction> run(FilledBatch batch) throws OrtException {
        return model.runPixels(batch, (output, clips, predictions) -> {
            int classes = (int) output.getInfo().getShape()[1];
            LabelSet labels = model.labelsFor(classes);
            FloatBuffer logits =
                    model.signature().float16() ? toFloats(output.getShortBuffer()) : output.getFloatBuffer();
            for (int i = 0; i < clips; i++) {
                float[] row = new float[classes];
                logits.get(i * classes, row);
                predictions.add(new Prediction(row, activation, labels));
            }
        });
    }

    private static FloatBuffer toFloats(ShortBuffer halves) {
        FloatBuffer floats = FloatBuffer.allocate(halves.remaining());
        for (int i = 0; i < floats.capacity(); i++) {
            floats.put(i, Fp16Conversions.fp16ToFloat(halves.get(i)));
        }
        return floats;
    }
}
