package dev.tubelet.operators.segments;

/**
 * The hysteresis of one label, window by window: a segment opens when the label scores at least
 * {@code openScore} in {@code minWindows} consecutive windows, goes on while it scores at least
 * {@code closeScore}, and closes when it scores below that in {@code maxGapWindows} consecutive
 * windows (or when the camera goes idle). A window that opens or extends a segment supports it:
 * the segment starts at its first supporting window's start and ends at its last one's end.
 */
public final class Segmenter {
    /** What a window did to a label's run. */
    public enum Change {
        NONE,
        OPENED,
        /** An open segment went on with this window. */
        EXTENDED,
        CLOSED
    }

    private final SegmentSpec spec;

    /** @param spec the thresholds */
    public Segmenter(SegmentSpec spec) {
        this.spec = spec;
    }

    /**
     * @param run the label's run, updated
     * @param score the label's score in this window (0 when it is not among the window's scores)
     * @param eventId the window's event id
     * @param startMicros its first frame's capture time
     * @param endMicros its last frame's
     * @return whether a segment opened or closed with this window
     */
    public Change offer(LabelRun run, float score, String eventId, long startMicros, long endMicros) {
        if (!run.open) {
            if (score < spec.openScore()) {
                run.streak = 0;
                return Change.NONE;
            }
            if (run.streak == 0) {
                run.firstEventId = eventId;
                run.startMicros = startMicros;
                run.peak = 0;
                run.sum = 0;
                run.windows = 0;
            }
            run.streak++;
            support(run, score, eventId, endMicros);
            if (run.streak >= spec.minWindows()) {
                run.open = true;
                run.streak = 0;
                run.low = 0;
                return Change.OPENED;
            }
            return Change.NONE;
        }
        if (score >= spec.closeScore()) {
            run.low = 0;
            support(run, score, eventId, endMicros);
            return Change.EXTENDED;
        }
        run.low++;
        if (run.low >= spec.maxGapWindows()) {
            run.open = false;
            run.low = 0;
            return Change.CLOSED;
        }
        return Change.NONE;
    }

    /**
     * @param score a label's score in a window
     * @return whether it would start a run towards a segment
     */
    public boolean opensOn(float score) {
        return score >= spec.openScore();
    }

    private static void support(LabelRun run, float score, String eventId, long endMicros) {
        run.lastEventId = eventId;
        run.endMicros = endMicros;
        run.peak = Math.max(run.peak, score);
        run.sum += score;
        run.windows++;
    }

    /**
     * @param trackId the track, or -1
     * @param run the label's run
     * @return the segment's deterministic id: track, label and first supporting window's event id (which
     *     names the camera)
     */
    public static String segmentId(long trackId, LabelRun run) {
        return "seg:" + (trackId >= 0 ? "track" + trackId + ":" : "") + run.labelIndex + ":" + run.firstEventId;
    }

    /**
     * @param cameraId the camera
     * @param trackId the track, or -1
     * @param run the run, just opened or closed
     * @param closeReason why it closed, or null when it opened
     * @return the update to publish
     */
    public static SegmentUpdate update(String cameraId, long trackId, LabelRun run, String closeReason) {
        SegmentUpdate u = new SegmentUpdate();
        u.segmentId = segmentId(trackId, run);
        u.cameraId = cameraId;
        u.trackId = trackId;
        u.labelIndex = run.labelIndex;
        u.labelName = run.labelName;
        u.closed = closeReason != null;
        u.box = run.box;
        u.closeReason = closeReason;
        u.startMicros = run.startMicros;
        u.endMicros = run.endMicros;
        u.peakScore = run.peak;
        u.meanScore = run.windows == 0 ? 0 : (float) (run.sum / run.windows);
        u.windows = run.windows;
        u.firstEventId = run.firstEventId;
        u.lastEventId = run.lastEventId;
        return u;
    }
}
