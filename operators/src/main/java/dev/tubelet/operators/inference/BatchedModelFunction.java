package dev.tubelet.operators.inference;

import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.metrics.Histograms;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.WindowFrames;
import java.util.Collections;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Runs windows through a model, batched across cameras and slots: hands each window to the
 * JVM's shared {@link WindowBatcher} for the model and completes the async I/O operator's future
 * when its batch returns. Flink's async I/O operator checkpoints the windows in flight, so
 * batching does not weaken exactly-once. Records the batch size and the model's latency.
 *
 * @param <R> the model's answer for one window
 * @param <OUT> what goes downstream
 */
abstract class BatchedModelFunction<R, OUT> extends RichAsyncFunction<ClipWindow, OUT> {
    private static final long serialVersionUID = 1L;

    private final String batchSizeMetric;
    private final String latencyMetric;
    private final String what;
    private final WindowFrames.Decoding decoding;
    private transient WindowBatcher<?, R> batcher;
    private transient WindowFrames frames;
    private transient long tensorFillCpuNanos;
    private transient long runNanos;
    private transient ModelInfo model;
    private transient Histogram batchSize;
    private transient Histogram latencyMs;

    /**
     * @param batchSizeMetric name of the batch size histogram
     * @param latencyMetric name of the model latency histogram
     * @param what what the model does, for the timeout message
     * @param decoding how the window assembler decodes frames (windows restored from a checkpoint
     *     carry their frames' bytes, not planes)
     */
    BatchedModelFunction(String batchSizeMetric, String latencyMetric, String what, WindowFrames.Decoding decoding) {
        this.batchSizeMetric = batchSizeMetric;
        this.latencyMetric = latencyMetric;
        this.what = what;
        this.decoding = decoding;
    }

    /** @return the shared batcher of this function's model (acquired once per instance) */
    abstract WindowBatcher<?, R> acquire();

    /** @return what goes downstream for a window and its answer */
    abstract OUT output(ClipWindow window, WindowBatcher.Result<R> result, ModelInfo model);

    @Override
    public void open(OpenContext context) {
        batcher = acquire();
        model = batcher.model();
        var metrics = getRuntimeContext().getMetricGroup();
        batchSize = Histograms.register(metrics, batchSizeMetric);
        latencyMs = Histograms.register(metrics, latencyMetric);
        metrics.gauge(MetricNames.CPU_NANOS_NORMALIZE, () -> tensorFillCpuNanos);
        metrics.gauge(MetricNames.NANOS_INFERENCE, () -> runNanos);
        frames = new WindowFrames(model.preprocessor(), decoding);
    }

    @Override
    public void asyncInvoke(ClipWindow window, ResultFuture<OUT> result) {
        frames.ensurePixels(window);
        batcher.submit(window).whenComplete((r, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            synchronized (this) {
                batchSize.update(r.batchSize());
                latencyMs.update(Math.round(r.inferenceMs()));
                tensorFillCpuNanos += r.tensorFillCpuNanos();
                runNanos += r.runNanos();
            }
            result.complete(Collections.singletonList(output(window, r, model)));
        });
    }

    @Override
    public void timeout(ClipWindow window, ResultFuture<OUT> result) {
        result.completeExceptionally(new TimeoutException(what + " of a window of camera " + window.cameraId
                + " timed out; the model is slower than the configured timeout"));
    }

    @Override
    public void close() {
        if (frames != null) {
            frames.close();
        }
        if (batcher != null) {
            batcher.close();
        }
    }
}
