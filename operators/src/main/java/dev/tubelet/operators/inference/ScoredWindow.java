package dev.tubelet.operators.inference;

/**
 * A window with the model's answer, on its way to becoming an event. The frames are gone; only
 * what the event says is kept. A Flink POJO.
 */
public class ScoredWindow {
    public String cameraId;
    public long[] seqs;
    public long[] captureMicros;
    public int stride;
    public int[] topIndices;
    public String[] topLabels;
    public float[] topScores;
    public String modelName;
    public String modelSha256;
    public String provider;
    public double inferenceMs;
    public int batchSize;
    /** Set when the event is built: epoch microseconds, and capture of the last frame to then. */
    public long producedMicros;

    public double captureToEmitMs;

    /** For Flink. */
    public ScoredWindow() {}

    /**
     * @return the deterministic event id: camera, first and last sampled seq, stride, the first
     *     frame's capture time (microseconds; a camera that restarts its seqs gives new ids), model
     */
    public String eventId() {
        return cameraId + ":" + seqs[0] + "-" + seqs[seqs.length - 1] + ":s" + stride + ":t" + captureMicros[0] + ":"
                + modelSha256.substring(0, Math.min(12, modelSha256.length()));
    }
}
