package dev.tubelet.operators.segments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * One key's label runs in keyed state (by run key: the label index, or {@code TRACK:LABEL}), and
 * one window's scores applied to them: every (track,) label the window scores, and every run the
 * window does not score, at 0. Runs that hold nothing are dropped, so the state holds only labels on
 * their way to, or in, a segment.
 */
final class LabelRuns {
    /**
     * A label's score in one window.
     *
     * @param trackId the track, or -1 for the whole camera
     * @param labelIndex the class
     * @param labelName its name
     * @param score its score
     * @param box the track's box in the window, or null for the camera
     */
    record Scored(long trackId, int labelIndex, String labelName, float score, float[] box) {
        String key() {
            return trackId < 0 ? Integer.toString(labelIndex) : trackId + ":" + labelIndex;
        }
    }

    /**
     * A segment that opened or closed with the window.
     *
     * @param trackId its track, or -1
     * @param run a copy of its run at that moment
     * @param closed whether it closed
     * @param progress whether it only went on (extended by the window)
     */
    record Changed(long trackId, LabelRun run, boolean closed, boolean progress) {}

    private final Segmenter segmenter;

    LabelRuns(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    /**
     * @param runs the key's runs
     * @param scored the window's scores
     * @param eventId the window's event id
     * @param startMicros its start
     * @param endMicros its end
     * @return the segments that opened or closed
     */
    List<Changed> apply(
            MapState<String, LabelRun> runs, List<Scored> scored, String eventId, long startMicros, long endMicros)
            throws Exception {
        Map<String, Scored> byKey = new LinkedHashMap<>();
        for (Scored s : scored) {
            byKey.merge(s.key(), s, (a, b) -> a.score() >= b.score() ? a : b);
        }
        Map<String, LabelRun> touched = new LinkedHashMap<>();
        for (Map.Entry<String, LabelRun> e : runs.entries()) {
            touched.put(e.getKey(), e.getValue());
        }
        for (Scored s : byKey.values()) {
            if (!touched.containsKey(s.key()) && segmenter.opensOn(s.score())) {
                LabelRun run = new LabelRun();
                run.labelIndex = s.labelIndex();
                run.labelName = s.labelName();
                touched.put(s.key(), run);
            }
        }
        List<Changed> changes = new ArrayList<>();
        for (Map.Entry<String, LabelRun> e : touched.entrySet()) {
            Scored s = byKey.get(e.getKey());
            LabelRun run = e.getValue();
            if (s != null && s.box() != null) {
                run.box = s.box(); // where the track was last seen
            }
            Segmenter.Change change = segmenter.offer(run, s == null ? 0f : s.score(), eventId, startMicros, endMicros);
            if (change != Segmenter.Change.NONE) {
                changes.add(new Changed(
                        trackOf(e.getKey()),
                        copy(run),
                        change == Segmenter.Change.CLOSED,
                        change == Segmenter.Change.EXTENDED));
            }
            if (run.isIdle()) {
                runs.remove(e.getKey());
            } else {
                runs.put(e.getKey(), run);
            }
        }
        return changes;
    }

    /**
     * Closes every open segment of the key (the camera went idle) and forgets its runs.
     *
     * @param runs the key's runs
     * @return the segments closed
     */
    static List<Changed> closeAll(MapState<String, LabelRun> runs) throws Exception {
        List<Changed> closed = new ArrayList<>();
        for (Map.Entry<String, LabelRun> e : runs.entries()) {
            if (e.getValue().open) {
                LabelRun run = copy(e.getValue());
                run.open = false;
                closed.add(new Changed(trackOf(e.getKey()), run, true, false));
            }
        }
        runs.clear();
        return closed;
    }

    private static long trackOf(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? -1 : Long.parseLong(key.substring(0, colon));
    }

    private static LabelRun copy(LabelRun r) {
        LabelRun c = new LabelRun();
        c.labelIndex = r.labelIndex;
        c.labelName = r.labelName;
        c.streak = r.streak;
        c.open = r.open;
        c.firstEventId = r.firstEventId;
        c.startMicros = r.startMicros;
        c.lastEventId = r.lastEventId;
        c.endMicros = r.endMicros;
        c.peak = r.peak;
        c.sum = r.sum;
        c.windows = r.windows;
        c.low = r.low;
        c.box = r.box;
        return c;
    }
}
