package dev.tubelet.operators.window;

/**
 * A sampled frame kept in a camera's window: preprocessed once into 8-bit planes at the model's
 * input size, shared by every window that contains it. A Flink POJO (its bytes are the state bill:
 * 150,528 per frame at 224×224).
 */
public class SampledFrame {
    public long seq;
    public long captureMicros;
    public int width;
    public int height;
    /** R, G, B planes; never changed once made. */
    public byte[] planes;
    /**
     * On a keyframe with box detection on: its boxes, x1, y1, x2, y2 (normalized to the frame) and
     * score per box; null otherwise.
     */
    public float[] boxes;
    /** Where the boxes came from: a {@link dev.tubelet.operators.boxes.BoxOrigin} ordinal, -1 for none. */
    public int boxOrigin = -1;
    /** Upstream boxes' labels, as given; null for boxes this job made. */
    public String[] boxLabels;
    /** Size of the frame as decoded (the preprocessing's input), for mapping boxes to the model's input. */
    public int sourceWidth;

    public int sourceHeight;

    /** For Flink. */
    public SampledFrame() {}

    public SampledFrame(long seq, long captureMicros, int width, int height, byte[] planes) {
        this.seq = seq;
        this.captureMicros = captureMicros;
        this.width = width;
        this.height = height;
        this.planes = planes;
    }
}
