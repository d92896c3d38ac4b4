package dev.tubelet.operators.tracking;

/** One tracked object of a camera (a Flink POJO, part of the camera's tracker state). */
public class Track {
    public long id;
    /** Last seen box, normalized x1, y1, x2, y2. */
    public float x1;

    public float y1;
    public float x2;
    public float y2;
    /** Velocity of the box's centre, per sequence number (normalized units). */
    public float vx;

    public float vy;
    /** Keyframe sequence number the box was last seen at. */
    public long lastSeq;
    /** Times matched. */
    public int hits;
    /** Consecutive keyframes without a match. */
    public int misses;

    /** For Flink. */
    public Track() {}
}
