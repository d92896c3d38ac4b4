package dev.tubelet.operators.tracking;

import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.metrics.MetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each camera's boxes stable track ids across windows (keyed by camera; the tracks are keyed
 * state, so ids survive failures and restarts). A camera silent for the idle timeout has its
 * tracks released. Reports the tracks alive in this subtask as the {@code activeTracks} gauge.
 */
public class DetectionTracker extends KeyedProcessFunction<String, DetectedWindow, DetectedWindow> {
    private static final long serialVersionUID = 1L;

    private final float minIou;
    private final float maxCentreDistance;
    private final int maxMisses;
    private final Duration idleTimeout;

    private transient ValueState<CameraTracks> state;
    private transient IouTracker tracker;
    private transient Map<String, Integer> tracksPerCamera;

    /**
     * @param tracker matching thresholds and track lifetime
     * @param idleTimeout a camera without windows for this long loses its tracks
     */
    public DetectionTracker(IouTracker tracker, Duration idleTimeout) {
        this.minIou = tracker.minIou();
        this.maxCentreDistance = tracker.maxCentreDistance();
        this.maxMisses = tracker.maxMisses();
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("camera-tracks", TypeInformation.of(CameraTracks.class)));
        tracker = new IouTracker(minIou, maxCentreDistance, maxMisses);
        tracksPerCamera = new HashMap<>();
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        MetricNames.ACTIVE_TRACKS,
                        () -> tracksPerCamera.values().stream()
                                .mapToInt(Integer::intValue)
                                .sum());
    }

    @Override
    public void processElement(DetectedWindow w, Context ctx, Collector<DetectedWindow> out) throws Exception {
        CameraTracks tracks = state.value();
        if (tracks == null) {
            tracks = new CameraTracks();
        }
        List<DetectedBox> boxes = new ArrayList<>(w.size());
        for (int i = 0; i < w.size(); i++) {
            boxes.add(new DetectedBox(
                    w.boxes[i * 4], w.boxes[i * 4 + 1], w.boxes[i * 4 + 2], w.boxes[i * 4 + 3], w.boxScores[i], -1));
        }
        w.trackIds = tracker.update(tracks, boxes, w.keyframeSeq);
        long now = ctx.timerService().currentProcessingTime();
        tracks.lastUpdateMillis = now;
        state.update(tracks);
        tracksPerCamera.put(ctx.getCurrentKey(), tracks.tracks.length);
        // one timer per camera and second
        ctx.timerService().registerProcessingTimeTimer(((now + idleTimeout.toMillis()) / 1000 + 1) * 1000);
        out.collect(w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DetectedWindow> out) throws Exception {
        CameraTracks tracks = state.value();
        if (tracks != null && timestamp - tracks.lastUpdateMillis >= idleTimeout.toMillis()) {
            state.clear();
            tracksPerCamera.remove(ctx.getCurrentKey());
        }
    }
}
