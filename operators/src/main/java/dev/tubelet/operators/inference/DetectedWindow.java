package dev.tubelet.operators.inference;

/**
 * A window's keyframe boxes with the detection model's actions for each, on its way to the
 * tracker and then to a DetectionEvent. The frames are gone. A Flink POJO.
 */
public class DetectedWindow {
    public String cameraId;
    public long firstSeq;
    public long lastSeq;
    public int stride;
    public long keyframeSeq;
    public long keyframeMicros;
    public long firstCaptureMicros;
    public long lastCaptureMicros;
    /** {@link dev.tubelet.operators.boxes.BoxOrigin} ordinal of the boxes, -1 for none. */
    public int origin = -1;
    /** x1, y1, x2, y2 per box, normalized to the keyframe. */
    public float[] boxes = new float[0];
    /** Box confidence per box. */
    public float[] boxScores = new float[0];
    /** Upstream boxes' labels as given; null for boxes this job made. */
    public String[] boxLabels;
    /** Whether the model saw each box (false: wholly outside its center crop). */
    public boolean[] inView = new boolean[0];
    /** Track id per box, set by the tracker (0 before). */
    public long[] trackIds = new long[0];
    /** Per box, the reported actions (score at least the threshold), best first. */
    public int[][] actionIndices = new int[0][];

    public String[][] actionLabels = new String[0][];
    public float[][] actionScores = new float[0][];
    public String modelName;
    public String modelSha256;
    public String provider;
    public double inferenceMs;
    public int batchSize;
    /** Set when the event is built. */
    public long producedMicros;

    public double captureToEmitMs;

    /** For Flink. */
    public DetectedWindow() {}

    /** @return the number of boxes */
    public int size() {
        return boxScores.length;
    }

    /**
     * @return the deterministic event id: camera, first and last sampled seq, stride, the first
     *     frame's capture time (microseconds), detection model
     */
    public String eventId() {
        return cameraId + ":" + firstSeq + "-" + lastSeq + ":s" + stride + ":t" + firstCaptureMicros + ":"
                + modelSha256.substring(0, Math.min(12, modelSha256.length()));
    }
}
