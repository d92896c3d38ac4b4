package dev.tubelet.operators.boxes;

/**
 * A camera's background for the motion proposer: a small RGB image (a running average of the
 * sampled frames) and the previous sampled frame at the same size. Kept in keyed state, so it
 * survives restarts: ~115 KB per camera at 160×120. A Flink POJO.
 */
public class MotionBackground {
    public int width;
    public int height;
    /** Background, RGB interleaved, row-major. */
    public byte[] rgb;
    /** The previous sampled frame, same layout. */
    public byte[] previous;
    /** Frames averaged in so far (the average is plain until the warm-up is done). */
    public int frames;

    /** For Flink. */
    public MotionBackground() {}
}
