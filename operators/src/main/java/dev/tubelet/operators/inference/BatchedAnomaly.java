package dev.tubelet.operators.inference;

import dev.tubelet.model.runtime.AnomalyScore;
import dev.tubelet.model.runtime.AnomalyScorer;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.WindowFrames;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores windows with an anomaly model (a VideoMAE masked autoencoder), batched across cameras and
 * slots like the classifier; the same windows, frames and preprocessing feed both.
 */
public class BatchedAnomaly extends BatchedModelFunction<AnomalyScore, AnomalyWindow> {
    private static final long serialVersionUID = 1L;

    private final AnomalySpec spec;

    /**
     * @param spec the anomaly model, the batching and the baseline
     * @param decoding how the window assembler decodes frames (for windows restored from a checkpoint)
     */
    public BatchedAnomaly(AnomalySpec spec, WindowFrames.Decoding decoding) {
        super(MetricNames.ANOMALY_BATCH_SIZE, MetricNames.ANOMALY_LATENCY_MS, "anomaly scoring", decoding);
        this.spec = spec;
    }

    @Override
    WindowBatcher<?, AnomalyScore> acquire() {
        InferenceSpec inference = spec.inference();
        return WindowBatcher.acquire(
                List.of("anomaly", inference),
                inference,
                () -> new WindowBatcher.OverWindows<>(
                        AnomalyScorer.open(ClassifierOptions.builder(Path.of(inference.modelPath()))
                                .execution(inference.execution())
                                .maxBatch(inference.maxBatch())
                                .build())));
    }

    @Override
    AnomalyWindow output(ClipWindow window, WindowBatcher.Result<AnomalyScore> r, ModelInfo model) {
        AnomalyWindow a = new AnomalyWindow();
        a.cameraId = window.cameraId;
        a.seqs = window.seqs;
        a.captureMicros = window.captureMicros;
        a.stride = window.stride;
        a.score = r.value().score();
        a.heat = r.value().heat();
        a.rows = r.value().rows();
        a.columns = r.value().columns();
        a.modelName = model.name();
        a.modelSha256 = model.sha256();
        a.provider = model.provider().name();
        a.inferenceMs = r.inferenceMs();
        a.batchSize = r.batchSize();
        return a;
    }
}
