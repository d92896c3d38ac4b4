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
    /** With box detection on: the keyframe's boxes (x1, y1, x2, y2, score each, normalized), else null. */
    public float[] keyBoxes;
    /** {@link dev.tubelet.operators.boxes.BoxOrigin} ordinal of the keyframe's boxes, -1 for none. */
    public int keyBoxOrigin = -1;
    /** Labels of upstream keyframe boxes, as given; null otherwise. */
    public String[] keyBoxLabels;
    /** The keyframe as decoded (before resize and crop). */
    public int keyWidth;

    public int keyHeight;

    /** For Flink. */
    public ClipWindow() {}

    /** @return index of the keyframe (the middle sampled frame) */
    public int keyframeIndex() {
        return seqs.length / 2;
    }
}
