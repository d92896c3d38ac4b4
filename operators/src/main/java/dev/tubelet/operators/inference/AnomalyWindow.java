package dev.tubelet.operators.inference;

/**
 * A window with its reconstruction score, then with its camera's baseline: on its way to becoming
 * an AnomalyEvent. The frames are gone; only what the event says is kept. A Flink POJO.
 */
public class AnomalyWindow {
    public String cameraId;
    public long[] seqs;
    public long[] captureMicros;
    public int stride;
    public double score;
    /** Token errors averaged over time, rows × columns, row-major. */
    public float[] heat;

    public int rows;
    public int columns;
    public String modelName;
    public String modelSha256;
    public String provider;
    public double inferenceMs;
    public int batchSize;
    /** Set by the baseline: the camera's mean and spread before this window, and where this one stands. */
    public double baselineMean;

    public double baselineStd;
    public double z;
    public boolean warmingUp;
    /** Set when the event is built: epoch microseconds, and capture of the last frame to then. */
    public long producedMicros;

    public double captureToEmitMs;

    /** For Flink. */
    public AnomalyWindow() {}

    /** @return the deterministic event id, built as the action event's, with the anomaly model's hash */
    public String eventId() {
        return cameraId + ":" + seqs[0] + "-" + seqs[seqs.length - 1] + ":s" + stride + ":t" + captureMicros[0] + ":"
                + modelSha256.substring(0, Math.min(12, modelSha256.length()));
    }
}
