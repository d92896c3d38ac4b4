package dev.tubelet.operators.anomaly;

import dev.tubelet.operators.inference.AnomalySpec;
import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.operators.metrics.Histograms;
import dev.tubelet.operators.metrics.MetricNames;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by camera: puts each scored window against its camera's {@link ScoreBaseline} (as it was
 * before the window), then adds the window to it. The baseline is keyed state, so it survives
 * failures and restores; a camera silent for a week loses it (state time-to-live) and warms up again.
 */
public class AnomalyBaselines extends KeyedProcessFunction<String, AnomalyWindow, AnomalyWindow> {
    private static final long serialVersionUID = 1L;
    /** How long a silent camera's baseline is kept. */
    static final Duration BASELINE_TTL = Duration.ofDays(7);

    private final int halfLifeWindows;
    private final int warmUpWindows;
    private transient ValueState<ScoreBaseline> baseline;
    private transient Histogram scores;
    private transient Histogram captureToEmitMs;
    private transient volatile double lastZ;

    /**
     * @param spec the half-life and warm-up of the baselines
     */
    public AnomalyBaselines(AnomalySpec spec) {
        this.halfLifeWindows = spec.halfLifeWindows();
        this.warmUpWindows = spec.warmUpWindows();
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<ScoreBaseline> descriptor =
                new ValueStateDescriptor<>("anomaly-baseline", Types.POJO(ScoreBaseline.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(BASELINE_TTL).build());
        baseline = getRuntimeContext().getState(descriptor);
        var metrics = getRuntimeContext().getMetricGroup();
        scores = Histograms.register(metrics, MetricNames.ANOMALY_SCORE);
        captureToEmitMs = Histograms.register(metrics, MetricNames.ANOMALY_CAPTURE_TO_EMIT_LATENCY_MS);
        metrics.gauge(MetricNames.ANOMALY_Z, () -> lastZ);
    }

    @Override
    public void processElement(AnomalyWindow w, Context ctx, Collector<AnomalyWindow> out) throws Exception {
        ScoreBaseline b = baseline.value();
        if (b == null) {
            b = new ScoreBaseline();
        }
        w.baselineMean = b.windows == 0 ? w.score : b.mean;
        w.baselineStd = b.std();
        w.z = b.z(w.score);
        w.warmingUp = b.windows < warmUpWindows;
        b.add(w.score, halfLifeWindows, warmUpWindows);
        baseline.update(b);

        Instant now = Instant.now();
        w.producedMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        w.captureToEmitMs = (w.producedMicros - w.captureMicros[w.captureMicros.length - 1]) / 1000.0;
        scores.update(Math.round(w.score * 1000));
        captureToEmitMs.update(Math.round(w.captureToEmitMs));
        lastZ = w.warmingUp ? 0 : w.z;
        out.collect(w);
    }
}
