package dev.tubelet.operators.segments;

import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.operators.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Action segments of one camera (key: camera id) from its scored windows: whole-camera segments
 * from window classification ({@link ScoredWindow}), or per-track segments from detection
 * ({@link DetectedWindow}: each tracked box's action scores). Each label's run is in keyed map
 * state ({@link LabelRuns}, {@link Segmenter}); a processing-time timer closes the camera's open
 * segments ("idle") once it has sent no window for the idle timeout. An OPEN update when a segment
 * opens, a CLOSED one when it ends, with the same id.
 *
 * @param <W> the windows: {@link ScoredWindow} or {@link DetectedWindow}
 */
public final class ActionSegments<W> extends KeyedProcessFunction<String, W, SegmentUpdate> {
    private static final long serialVersionUID = 1L;

    /** Reads what a kind of window says. */
    public interface Reader<W> extends java.io.Serializable {
        /** @return the window's scored labels */
        List<LabelRuns.Scored> scores(W window);

        String eventId(W window);

        long startMicros(W window);

        long endMicros(W window);

        /** @return model name, sha-256 and provider */
        String[] model(W window);
    }

    private final SegmentSpec spec;
    private final Reader<W> reader;
    private transient MapState<String, LabelRun> runs;
    private transient ValueState<String[]> model;
    private transient ValueState<Long> lastArrival;
    private transient LabelRuns labels;
    private transient Counter opened;
    private transient Counter closed;

    private ActionSegments(SegmentSpec spec, Reader<W> reader) {
        this.spec = spec;
        this.reader = reader;
    }

    /**
     * @param spec the thresholds
     * @return segments of whole cameras from window classification
     */
    public static ActionSegments<ScoredWindow> ofWindows(SegmentSpec spec) {
        return new ActionSegments<>(spec, new WindowScores());
    }

    /**
     * @param spec the thresholds
     * @return segments of tracked boxes from detection
     */
    public static ActionSegments<DetectedWindow> ofTracks(SegmentSpec spec) {
        return new ActionSegments<>(spec, new TrackScores());
    }

    @Override
    public void open(OpenContext context) {
        runs = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("label-runs", Types.STRING, TypeInformation.of(LabelRun.class)));
        model = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("segment-model", Types.OBJECT_ARRAY(Types.STRING)));
        lastArrival = getRuntimeContext().getState(new ValueStateDescriptor<>("segment-last-window", Types.LONG));
        labels = new LabelRuns(new Segmenter(spec));
        opened = getRuntimeContext().getMetricGroup().counter(MetricNames.SEGMENTS_OPENED);
        closed = getRuntimeContext().getMetricGroup().counter(MetricNames.SEGMENTS_CLOSED);
    }

    @Override
    public void processElement(W window, Context ctx, Collector<SegmentUpdate> out) throws Exception {
        String[] m = reader.model(window);
        model.update(m);
        long now = ctx.timerService().currentProcessingTime();
        lastArrival.update(now);
        ctx.timerService()
                .registerProcessingTimeTimer(((now + spec.idleTimeout().toMillis()) / 1000 + 1) * 1000);
        for (LabelRuns.Changed c : labels.apply(
                runs,
                reader.scores(window),
                reader.eventId(window),
                reader.startMicros(window),
                reader.endMicros(window))) {
            emit(ctx.getCurrentKey(), c, c.closed() ? "score" : null, m, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SegmentUpdate> out) throws Exception {
        Long last = lastArrival.value();
        if (last == null || timestamp - last < spec.idleTimeout().toMillis()) {
            return;
        }
        String[] m = model.value();
        for (LabelRuns.Changed c : LabelRuns.closeAll(runs)) {
            emit(ctx.getCurrentKey(), c, "idle", m, out);
        }
        model.clear();
        lastArrival.clear();
    }

    private void emit(String camera, LabelRuns.Changed c, String reason, String[] m, Collector<SegmentUpdate> out) {
        SegmentUpdate u = Segmenter.update(camera, c.trackId(), c.run(), c.closed() ? reason : null);
        u.progress = c.progress();
        u.modelName = m[0];
        u.modelSha256 = m[1];
        u.provider = m[2];
        if (!c.progress()) {
            (c.closed() ? closed : opened).inc();
        }
        out.collect(u);
    }

    /** Whole-camera scores: the window's top labels. */
    static final class WindowScores implements Reader<ScoredWindow> {
        @Override
        public List<LabelRuns.Scored> scores(ScoredWindow w) {
            List<LabelRuns.Scored> out = new ArrayList<>(w.topIndices.length);
            for (int i = 0; i < w.topIndices.length; i++) {
                out.add(new LabelRuns.Scored(-1, w.topIndices[i], w.topLabels[i], w.topScores[i], null));
            }
            return out;
        }

        @Override
        public String eventId(ScoredWindow w) {
            return w.eventId();
        }

        @Override
        public long startMicros(ScoredWindow w) {
            return w.captureMicros[0];
        }

        @Override
        public long endMicros(ScoredWindow w) {
            return w.captureMicros[w.captureMicros.length - 1];
        }

        @Override
        public String[] model(ScoredWindow w) {
            return new String[] {w.modelName, w.modelSha256, w.provider};
        }
    }

    /** Per-track scores: each tracked box's actions. */
    static final class TrackScores implements Reader<DetectedWindow> {
        @Override
        public List<LabelRuns.Scored> scores(DetectedWindow w) {
            List<LabelRuns.Scored> out = new ArrayList<>();
            for (int b = 0; b < w.trackIds.length; b++) {
                if (w.trackIds[b] < 0 || w.actionIndices[b] == null) {
                    continue;
                }
                float[] box = java.util.Arrays.copyOfRange(w.boxes, b * 4, b * 4 + 4);
                for (int a = 0; a < w.actionIndices[b].length; a++) {
                    out.add(new LabelRuns.Scored(
                            w.trackIds[b], w.actionIndices[b][a], w.actionLabels[b][a], w.actionScores[b][a], box));
                }
            }
            return out;
        }

        @Override
        public String eventId(DetectedWindow w) {
            return w.eventId();
        }

        @Override
        public long startMicros(DetectedWindow w) {
            return w.firstCaptureMicros;
        }

        @Override
        public long endMicros(DetectedWindow w) {
            return w.lastCaptureMicros;
        }

        @Override
        public String[] model(DetectedWindow w) {
            return new String[] {w.modelName, w.modelSha256, w.provider};
        }
    }
}
