package dev.tubelet.operators.events;

import dev.tubelet.operators.boxes.BoxOrigin;
import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.schema.Box;
import dev.tubelet.schema.BoxSource;
import dev.tubelet.schema.Detection;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.Label;
import java.util.ArrayList;
import java.util.List;

/** Builds the published {@link DetectionEvent} of a tracked window. */
public final class DetectionEvents {
    private static final BoxSource[] SOURCES = {BoxSource.UPSTREAM, BoxSource.DETECTOR, BoxSource.MOTION};

    private DetectionEvents() {}

    /**
     * @param w a detected, tracked window whose emit time is set
     * @return its event
     */
    public static DetectionEvent of(DetectedWindow w) {
        List<Detection> detections = new ArrayList<>(w.size());
        BoxSource source = w.origin >= 0 ? SOURCES[w.origin] : BoxSource.UPSTREAM;
        String label = w.origin == BoxOrigin.MOTION.ordinal()
                ? "motion"
                : w.origin == BoxOrigin.DETECTOR.ordinal() ? "person" : "";
        for (int i = 0; i < w.size(); i++) {
            List<Label> actions = new ArrayList<>(w.actionIndices[i].length);
            for (int a = 0; a < w.actionIndices[i].length; a++) {
                actions.add(Label.newBuilder()
                        .setIndex(w.actionIndices[i][a])
                        .setLabel(w.actionLabels[i][a])
                        .setScore(w.actionScores[i][a])
                        .build());
            }
            Box box = Box.newBuilder()
                    .setX1(w.boxes[i * 4])
                    .setY1(w.boxes[i * 4 + 1])
                    .setX2(w.boxes[i * 4 + 2])
                    .setY2(w.boxes[i * 4 + 3])
                    .setScore(w.boxScores[i])
                    .setLabel(w.boxLabels != null && i < w.boxLabels.length ? w.boxLabels[i] : label)
                    .build();
            detections.add(Detection.newBuilder()
                    .setBox(box)
                    .setScore(w.boxScores[i])
                    .setSource(source)
                    .setTrackId(w.trackIds[i] > 0 ? w.trackIds[i] : null)
                    .setActions(actions)
                    .setInView(w.inView[i])
                    .build());
        }
        return DetectionEvent.newBuilder()
                .setEventId(w.eventId())
                .setCameraId(w.cameraId)
                .setKeyframeTime(EventTimes.micros(w.keyframeMicros))
                .setKeyframeSeq(w.keyframeSeq)
                .setDetections(detections)
                .setWindowStart(EventTimes.micros(w.firstCaptureMicros))
                .setWindowEnd(EventTimes.micros(w.lastCaptureMicros))
                .setModel(EventParts.model(w.modelName, w.modelSha256, w.provider))
                .setTimings(EventParts.timings(w.captureToEmitMs, w.inferenceMs, w.batchSize))
                .setProducedAt(EventTimes.micros(w.producedMicros))
                .build();
    }
}
