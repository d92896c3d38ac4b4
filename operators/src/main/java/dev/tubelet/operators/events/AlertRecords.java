package dev.tubelet.operators.events;

import dev.tubelet.operators.alerts.AlertUpdate;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AlertBox;
import dev.tubelet.schema.SegmentLabel;

/** Builds the published {@link Alert} of a rule that fired. */
public final class AlertRecords {
    private AlertRecords() {}

    /**
     * @param a the alert
     * @return its record, with where its clip will be
     */
    public static Alert of(AlertUpdate a) {
        return Alert.newBuilder()
                .setAlertId(a.alertId)
                .setRule(a.rule)
                .setSeverity(a.severity)
                .setCameraId(a.cameraId)
                .setTrackId(a.trackId >= 0 ? a.trackId : null)
                .setLabel(SegmentLabel.newBuilder()
                        .setIndex(a.labelIndex)
                        .setLabel(a.labelName)
                        .build())
                .setScore(a.score)
                .setSegmentId(a.segmentId)
                .setStartTime(EventTimes.micros(a.startMicros))
                .setTriggerTime(EventTimes.micros(a.triggerMicros))
                .setBox(
                        a.box == null
                                ? null
                                : AlertBox.newBuilder()
                                        .setX1(a.box[0])
                                        .setY1(a.box[1])
                                        .setX2(a.box[2])
                                        .setY2(a.box[3])
                                        .build())
                .setClip(a.clip())
                .setProducedAt(EventTimes.micros(System.currentTimeMillis() * 1000))
                .build();
    }
}
