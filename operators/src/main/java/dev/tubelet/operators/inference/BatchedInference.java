package dev.tubelet.operators.inference;

import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoredLabel;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.WindowFrames;
import java.util.List;

/**
 * Runs windows through the model, batched across cameras and slots.
 *
 * <p>Used with Flink's async I/O operator, which checkpoints the windows in flight: a window
 * handed to the shared {@link WindowBatcher} and not yet answered is in the checkpoint and is
 * replayed after a failure, so batching does not weaken exactly-once.
 */
public class BatchedInference extends BatchedModelFunction<Prediction, ScoredWindow> {
    private static final long serialVersionUID = 1L;

    private final InferenceSpec spec;

    /**
     * @param spec the model and the batching
     */
    public BatchedInference(InferenceSpec spec) {
        this(spec, WindowFrames.Decoding.defaults());
    }

    /**
     * @param spec the model and the batching
     * @param decoding how the window assembler decodes frames (for windows restored from a checkpoint)
     */
    public BatchedInference(InferenceSpec spec, WindowFrames.Decoding decoding) {
        super(MetricNames.BATCH_SIZE, MetricNames.INFERENCE_LATENCY_MS, "inference", decoding);
        this.spec = spec;
    }

    @Override
    WindowBatcher<?, Prediction> acquire() {
        return WindowBatcher.classifier(spec);
    }

    @Override
    ScoredWindow output(ClipWindow window, WindowBatcher.Result<Prediction> r, ModelInfo model) {
        ScoredWindow s = new ScoredWindow();
        s.cameraId = window.cameraId;
        s.seqs = window.seqs;
        s.captureMicros = window.captureMicros;
        s.stride = window.stride;
        List<ScoredLabel> top = r.value().top(spec.topK());
        s.topIndices = new int[top.size()];
        s.topLabels = new String[top.size()];
        s.topScores = new float[top.size()];
        for (int i = 0; i < top.size(); i++) {
            s.topIndices[i] = top.get(i).index();
            s.topLabels[i] = top.get(i).label();
            s.topScores[i] = top.get(i).score();
        }
        s.modelName = model.name();
        s.modelSha256 = model.sha256();
        s.provider = model.provider().name();
        s.inferenceMs = r.inferenceMs();
        s.batchSize = r.batchSize();
        return s;
    }
}
