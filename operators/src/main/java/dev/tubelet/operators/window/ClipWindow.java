package dev.tubelet.operators.window;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A complete window of one camera, ready for the model: its T sampled frames as they arrived
 * (shared with the window state, never copied), their 8-bit planes in one array when at hand,
 * and what the event needs to say about them.
 *
 * <p>Serialized by {@link ClipWindowSerializer}: the frames' bytes travel, the planes do not, so
 * a window in flight costs a checkpoint tens of kilobytes, not megabytes; a window restored from
 * one has no planes, and {@link WindowFrames#ensurePixels} makes them again. Never changed once
 * made, except for planes given to a restored window.
 */
@TypeInfo(ClipWindowTypeInfo.Factory.class)
public class ClipWindow {
    public String cameraId;
    public long[] seqs;
    public long[] captureMicros;
    /** Stride in frames, 0 in uniform mode. */
    public int stride;

    /** Size of the planes (the model's input). */
    public int width;

    public int height;
    /** The sampled frames, oldest first. */
    public SampledFrame[] frames;
    /**
     * The sampled frames' R, G, B planes, oldest frame first, one after another ({@link
     * #frameBytes()} each); null in a window restored from a checkpoint. One array per window: the
     * window's own, dropped when the model has read it (large, so the JVM allocates it apart from
     * short-lived objects and frees it without copying).
     */
    public byte[] pixels;
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

    /** @return bytes of one frame's planes in {@link #pixels} */
    public int frameBytes() {
        return 3 * width * height;
    }

    /** @return index of the keyframe (the middle sampled frame) */
    public int keyframeIndex() {
        return seqs.length / 2;
    }
}
