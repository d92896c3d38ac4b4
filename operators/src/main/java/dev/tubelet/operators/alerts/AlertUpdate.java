package dev.tubelet.operators.alerts;

import dev.tubelet.schema.ClipPaths;

/** An alert that fired, on its way to becoming an {@code Alert} record. A Flink POJO. */
public class AlertUpdate {
    public String alertId;
    public String rule;
    public String severity;
    public String cameraId;
    /** The track, or -1. */
    public long trackId = -1;

    public int labelIndex;
    public String labelName;
    public float score;
    public String segmentId;
    public long startMicros;
    public long triggerMicros;
    /** x1, y1, x2, y2, or null. */
    public float[] box;

    /** For Flink. */
    public AlertUpdate() {}

    /** @return where its clip goes, relative to the clips directory: CAMERA/ALERT_ID.mp4 ({@link ClipPaths}) */
    public String clip() {
        return ClipPaths.relative(cameraId, alertId);
    }
}
