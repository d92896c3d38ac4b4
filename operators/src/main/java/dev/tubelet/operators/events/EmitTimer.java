package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.operators.metrics.Histograms;
import dev.tubelet.operators.metrics.MetricNames;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;

/** Stamps each scored window with its emit time and records capture-to-emit latency. */
public class EmitTimer extends RichMapFunction<ScoredWindow, ScoredWindow> {
    private static final long serialVersionUID = 1L;

    private transient Histogram captureToEmitLatencyMs;

    @Override
    public void open(OpenContext context) {
        captureToEmitLatencyMs =
                Histograms.register(getRuntimeContext().getMetricGroup(), MetricNames.CAPTURE_TO_EMIT_LATENCY_MS);
    }

    @Override
    public ScoredWindow map(ScoredWindow w) {
        Instant now = Instant.now();
        w.producedMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        w.captureToEmitMs = (w.producedMicros - w.captureMicros[w.captureMicros.length - 1]) / 1000.0;
        captureToEmitLatencyMs.update(Math.round(w.captureToEmitMs));
        return w;
    }
}
