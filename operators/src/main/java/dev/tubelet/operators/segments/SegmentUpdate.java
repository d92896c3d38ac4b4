package dev.tubelet.operators.segments;

/**
 * A segment that opened or closed, on its way to becoming a {@code ActionSegment} record. A Flink POJO.
 */
public class SegmentUpdate {
    public String segmentId;
    public String cameraId;
    /** The track, or -1 for a whole-camera segment. */
    public long trackId = -1;

    public int labelIndex;
    public String labelName;
    public boolean closed;
    /**
     * An open segment's progress (a window extended it): for alert rules, which watch a segment's
     * duration grow; never published.
     */
    public boolean progress;
    /** The tracked box in the last supporting window (x1, y1, x2, y2 normalized), or null for a camera. */
    public float[] box;

    public long startMicros;
    /** End of the last supporting window (meaningful when closed). */
    public long endMicros;

    public float peakScore;
    public float meanScore;
    public int windows;
    public String firstEventId;
    public String lastEventId;
    public String modelName;
    public String modelSha256;
    public String provider;
    /** "score" or "idle" when closed, else null. */
    public String closeReason;

    /** For Flink. */
    public SegmentUpdate() {}
}
