package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.DetectedWindow;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Stamps each detected window with its emit time and records capture-to-emit latency of detections. */
public class DetectionEmitTimer extends RichMapFunction<DetectedWindow, DetectedWindow> {
    private static final long serialVersionUID = 1L;

    private transient Histogram latency;

    @Override
    public void open(OpenContext context) {
        latency = getRuntimeContext().getMetricGroup().histogram("detectionCaptureToEmitLatencyMs", new DescriptiveStatisticsHistogram(1000));
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
