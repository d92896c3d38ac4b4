package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.ScoredWindow;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Stamps each scored window with its emit time and records capture-to-emit latency. */
public class EmitTimer extends RichMapFunction<ScoredWindow, ScoredWindow> {
    private static final long serialVersionUID = 1L;

    private transient Histogram captureToEmitLatencyMs;

    @Override
    public void open(OpenContext context) {
        captureToEmitLatencyMs = getRuntimeContext().getMetricGroup().histogram("captureToEmitLatencyMs",
                new DescriptiveStatisticsHistogram(1000));
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
