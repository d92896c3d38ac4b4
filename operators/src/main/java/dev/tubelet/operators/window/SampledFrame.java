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
