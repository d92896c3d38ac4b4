package dev.tubelet.operators.inference;

import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoredLabel;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.window.ClipWindow;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Runs windows through the model, batched across cameras and slots.
 *
 * <p>Used with Flink's async I/O operator, which checkpoints the windows in flight: a window
 * handed to the shared {@link WindowBatcher} and not yet answered is in the checkpoint and is
 * replayed after a failure, so batching does not weaken exactly-once.
 */
public class BatchedInference extends RichAsyncFunction<ClipWindow, ScoredWindow> {
    private static final long serialVersionUID = 1L;

    private final InferenceSpec spec;
    private transient WindowBatcher<Prediction> batcher;
    private transient ModelInfo model;
    private transient Histogram batchSize;
    private transient Histogram inferenceLatencyMs;

    /**
     * @param spec the model and the batching
     */
    public BatchedInference(InferenceSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        batcher = WindowBatcher.classifier(spec);
        model = batcher.model();
        var metrics = getRuntimeContext().getMetricGroup();
        batchSize = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        inferenceLatencyMs = metrics.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    @Override
    public void asyncInvoke(ClipWindow window, ResultFuture<ScoredWindow> result) {
        batcher.submit(window).whenComplete((r, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            synchronized (this) {
                batchSize.update(r.batchSize());
                inferenceLatencyMs.update(Math.round(r.inferenceMs()));
            }
            result.complete(Collections.singletonList(scored(window, r)));
        });
    }

    @Override
    public void timeout(ClipWindow window, ResultFuture<ScoredWindow> result) {
        result.completeExceptionally(new TimeoutException("inference of a window of camera " + window.cameraId
                + " timed out; the model is slower than the configured timeout"));
    }

    private ScoredWindow scored(ClipWindow window, WindowBatcher.Result<Prediction> r) {
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

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
    }
}
