package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.metrics.Histograms;
import dev.tubelet.operators.metrics.MetricNames;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;

/** Stamps each detected window with its emit time and records capture-to-emit latency of detections. */
public class DetectionEmitTimer extends RichMapFunction<DetectedWindow, DetectedWindow> {
    private static final long serialVersionUID = 1L;

    private transient Histogram latency;

    @Override
    public void open(OpenContext context) {
        latency = Histograms.register(
                getRuntimeContext().getMetricGroup(), MetricNames.DETECTION_CAPTURE_TO_EMIT_LATENCY_MS);
    }

    @Override
    public DetectedWindow map(DetectedWindow w) {
        Instant now = Instant.now();
        w.producedMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        w.captureToEmitMs = (w.producedMicros - w.lastCaptureMicros) / 1000.0;
        latency.update(Math.round(w.captureToEmitMs));
        return w;
    }
}
