package dev.tubelet.operators.frames;

/**
 * A parsed, validated frame on its way to its camera's window: the fields the window needs, the
 * still-encoded image, and where the record came from (for dead letters). A Flink POJO.
 */
public class FrameEnvelope {
    public String cameraId;
    public long seq;
    /** Capture time, microseconds since the epoch. */
    public long captureMicros;

    public float fps;
    public int width;
    public int height;
    /** {@link dev.tubelet.schema.FrameEncoding} ordinal. */
    public int encoding;

    public byte[] data;
    /** Boxes made upstream: x1, y1, x2, y2 (normalized) and score per box; empty when none. */
    public float[] boxes = new float[0];
    /** What each upstream box holds, as the producer named it ("" when unnamed). */
    public String[] boxLabels = new String[0];

    public String topic;
    public int partition;
    public long offset;

    /** For Flink. */
    public FrameEnvelope() {}
}
