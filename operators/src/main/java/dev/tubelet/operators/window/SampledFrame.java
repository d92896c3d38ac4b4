package dev.tubelet.operators.window;

/**
 * A sampled frame kept in a camera's window state, as it arrived: its encoded bytes (JPEG or PNG,
 * about 10-15 KB at 320×240; raw RGB/BGR frames cost width × height × 3) and what the window and
 * its events need to say about it. The model's planes are not state: {@link PlaneCache} keeps them
 * in memory and {@link WindowFrames} makes them again when needed. A Flink POJO, never changed
 * once kept.
 */
public class SampledFrame {
    public long seq;
    public long captureMicros;
    /** {@link dev.tubelet.schema.FrameEncoding} ordinal. */
    public int encoding;
    /** Size as the producer stated it (raw frames need it to decode). */
    public int statedWidth;

    public int statedHeight;
    /** The image as it arrived, shared with the frame it came in (never written). */
    public byte[] data;
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
}
