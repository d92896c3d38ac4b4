package dev.tubelet.operators.window;

/**
 * A complete window of one camera, ready for the model: T sampled frames as 8-bit planes (shared
 * with the window state, never copied) and what the event needs to say about them. A Flink POJO.
 */
public class ClipWindow {
    public String cameraId;
    public long[] seqs;
    public long[] captureMicros;
    /** Stride in frames, 0 in uniform mode. */
    public int stride;
    public int width;
    public int height;
    /** One R, G, B plane array per sampled frame, oldest first. */
    public byte[][] planes;

    /** For Flink. */
    public ClipWindow() {}

    /** @return index of the keyframe (the middle sampled frame) */
    public int keyframeIndex() {
        return seqs.length / 2;
    }
}
