package dev.tubelet.operators.alerts;

import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.segments.SegmentUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alert rules over one camera's segments (key: camera id), a keyed process function: every update
 * of a segment (opened, extended by a window, closed) is held against every rule; a rule fires once
 * per segment, at the first update at which the segment has lasted {@code min-duration-s} (from its
 * start to the end of its last supporting window, in capture time), its mean score is at least
 * {@code min-score}, and it matches the rule's labels, cameras, zone and track condition; not again
 * for the same camera and track within {@code cooldown-s} of capture time. Which (rule, segment)
 * fired and when each rule last fired per track are keyed state, so a restore neither repeats nor
 * forgets an alert; capture times make a replay give the same alerts.
 */
public final class SegmentAlerts extends KeyedProcessFunction<String, SegmentUpdate, AlertUpdate> {
    private static final long serialVersionUID = 1L;

    private final AlertRules rules;
    private transient MapState<String, Boolean> fired;
    private transient MapState<String, Long> lastFired;
    private transient Map<String, org.apache.flink.metrics.Counter> alertsByRule;

    /** @param rules the rules */
    public SegmentAlerts(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        fired = getRuntimeContext().getMapState(new MapStateDescriptor<>("alerts-fired", Types.STRING, Types.BOOLEAN));
        lastFired = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("alerts-last-fired", Types.STRING, Types.LONG));
        alertsByRule = new java.util.HashMap<>();
        for (AlertRule rule : rules.rules()) {
            MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("rule", rule.name());
            alertsByRule.put(rule.name(), group.counter(MetricNames.ALERTS));
        }
    }

    @Override
    public void processElement(SegmentUpdate u, Context ctx, Collector<AlertUpdate> out) throws Exception {
        for (AlertRule rule : rules.rules()) {
            String firedKey = rule.name() + "|" + u.segmentId;
            if (!u.closed && fired.contains(firedKey)) {
                continue;
            }
            AlertUpdate alert = evaluate(rule, u, fired.contains(firedKey), lastFired.get(cooldownKey(rule, u)));
            if (alert != null) {
                fired.put(firedKey, true);
                lastFired.put(cooldownKey(rule, u), alert.triggerMicros);
                alertsByRule.get(rule.name()).inc();
                out.collect(alert);
            }
        }
        if (u.closed) {
            List<String> done = new ArrayList<>();
            for (String key : fired.keys()) {
                if (key.endsWith("|" + u.segmentId)) {
                    done.add(key);
                }
            }
            for (String key : done) {
                fired.remove(key);
            }
        }
    }

    private static String cooldownKey(AlertRule rule, SegmentUpdate u) {
        return rule.name() + "|" + u.trackId;
    }

    /**
     * @param rule a rule
     * @param u a segment's update
     * @param alreadyFired whether the rule fired for this segment before
     * @param lastFiredMicros when the rule last fired for this camera and track (capture time), or null
     * @return the alert the update raises, or null
     */
    static AlertUpdate evaluate(AlertRule rule, SegmentUpdate u, boolean alreadyFired, Long lastFiredMicros) {
        if (alreadyFired
                || !rule.labels().contains(u.labelName)
                || (rule.tracksOnly() && u.trackId < 0)
                || !rule.matchesCamera(u.cameraId)
                || u.endMicros - u.startMicros < (long) (rule.minDurationS() * 1e6)
                || u.meanScore < rule.minScore()
                || !rule.inZone(u.box)) {
            return null;
        }
        if (lastFiredMicros != null && u.endMicros - lastFiredMicros < (long) (rule.cooldownS() * 1e6)) {
            return null;
        }
        AlertUpdate a = new AlertUpdate();
        a.alertId = "alert:" + rule.name() + ":" + u.segmentId;
        a.rule = rule.name();
        a.severity = rule.severity();
        a.cameraId = u.cameraId;
        a.trackId = u.trackId;
        a.labelIndex = u.labelIndex;
        a.labelName = u.labelName;
        a.score = u.meanScore;
        a.segmentId = u.segmentId;
        a.startMicros = u.startMicros;
        a.triggerMicros = u.endMicros;
        a.box = u.box;
        return a;
    }
}
