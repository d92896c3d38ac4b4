package dev.tubelet.operators.segments;

/**
 * One label's progress on one camera (or track): windows towards opening, or the open segment.
 * Keyed state (a Flink POJO), so a restore mid-segment goes on with the same segment.
 */
public class LabelRun {
    public int labelIndex;
    public String labelName = "";
    /** Consecutive windows at or above open-score while not open. */
    public int streak;
    /** Whether a segment is open. */
    public boolean open;
    /** The first supporting window: its event id and start, microseconds. */
    public String firstEventId = "";

    public long startMicros;
    /** The last supporting window: its event id and end. */
    public String lastEventId = "";

    public long endMicros;
    /** Over the supporting windows. */
    public float peak;

    public double sum;
    public int windows;
    /** The track's box in the last supporting window, or null for a camera. */
    public float[] box;
    /** Consecutive windows below close-score while open. */
    public int low;

    /** For Flink. */
    public LabelRun() {}

    /** @return whether it holds nothing worth keeping (not open, no streak) */
    public boolean isIdle() {
        return !open && streak == 0;
    }
}
