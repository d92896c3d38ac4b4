package dev.tubelet.operators.alerts;

import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.operators.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The rules on the anomaly score over one camera's windows (key: camera id), a keyed process
 * function: a rule's run grows with each window, after the camera's warm-up, whose z-score is at
 * least {@code min-z}, and ends at the first that is not; a run fires once, at its
 * {@code min-windows}-th window, unless the rule fired for the camera within {@code cooldown-s} of
 * capture time. The alert's id and its "segment" are the run's first window's event id, its score
 * the z of the window that fired it, its label {@code anomaly}; runs and last firings are keyed
 * state, so a restore neither repeats nor forgets an alert.
 */
public final class AnomalyAlerts extends KeyedProcessFunction<String, AnomalyWindow, AlertUpdate> {
    private static final long serialVersionUID = 1L;
    /** The label anomaly alerts carry (no model class has index -1). */
    public static final String LABEL = "anomaly";

    private final List<AlertRule> rules;
    /** Per rule: the current run's first window's event id, its capture start and its length; when it last fired. */
    private transient MapState<String, String> runStart;

    private transient MapState<String, Long> runFrom;
    private transient MapState<String, Integer> runLength;
    private transient MapState<String, Long> lastFired;
    private transient Map<String, Counter> alertsByRule;

    /** @param rules the rules (those without an anomaly condition are not used) */
    public AnomalyAlerts(AlertRules rules) {
        List<AlertRule> anomaly = new ArrayList<>();
        for (AlertRule rule : rules.rules()) {
            if (rule.watchesAnomalies()) {
                anomaly.add(rule);
            }
        }
        this.rules = List.copyOf(anomaly);
    }

    @Override
    public void open(OpenContext context) {
        var state = getRuntimeContext();
        runStart = state.getMapState(new MapStateDescriptor<>("anomaly-run-start", Types.STRING, Types.STRING));
        runFrom = state.getMapState(new MapStateDescriptor<>("anomaly-run-from", Types.STRING, Types.LONG));
        runLength = state.getMapState(new MapStateDescriptor<>("anomaly-run-length", Types.STRING, Types.INT));
        lastFired = state.getMapState(new MapStateDescriptor<>("anomaly-last-fired", Types.STRING, Types.LONG));
        alertsByRule = new java.util.HashMap<>();
        for (AlertRule rule : rules) {
            alertsByRule.put(
                    rule.name(),
                    state.getMetricGroup().addGroup("rule", rule.name()).counter(MetricNames.ALERTS));
        }
    }

    @Override
    public void processElement(AnomalyWindow w, Context ctx, Collector<AlertUpdate> out) throws Exception {
        for (AlertRule rule : rules) {
            if (!rule.matchesCamera(w.cameraId)) {
                continue;
            }
            String key = rule.name();
            if (w.warmingUp || w.z < rule.anomaly().minZ()) {
                runLength.remove(key);
                runStart.remove(key);
                runFrom.remove(key);
                continue;
            }
            int length = runLength.contains(key) ? runLength.get(key) + 1 : 1;
            if (length == 1) {
                runStart.put(key, w.eventId());
                runFrom.put(key, w.captureMicros[0]);
            }
            runLength.put(key, length);
            long end = w.captureMicros[w.captureMicros.length - 1];
            Long last = lastFired.get(key);
            if (length == rule.anomaly().minWindows()
                    && (last == null || end - last >= (long) (rule.cooldownS() * 1e6))) {
                AlertUpdate a = new AlertUpdate();
                a.alertId = "alert:" + rule.name() + ":" + runStart.get(key);
                a.rule = rule.name();
                a.severity = rule.severity();
                a.cameraId = w.cameraId;
                a.labelIndex = -1;
                a.labelName = LABEL;
                a.score = (float) w.z;
                a.segmentId = runStart.get(key);
                a.startMicros = runFrom.get(key);
                a.triggerMicros = end;
                lastFired.put(key, end);
                alertsByRule.get(rule.name()).inc();
                out.collect(a);
            }
        }
    }
}
