package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.Label;
import java.util.ArrayList;
import java.util.List;

/** Builds the published {@link ActionEvent} of a scored window. */
public final class ActionEvents {
    private ActionEvents() {}

    /**
     * @param w a scored window whose emit time is set
     * @return its event
     */
    public static ActionEvent of(ScoredWindow w) {
        List<Long> seqs = EventParts.longs(w.seqs);
        List<Label> top = new ArrayList<>(w.topIndices.length);
        for (int i = 0; i < w.topIndices.length; i++) {
            top.add(Label.newBuilder()
                    .setIndex(w.topIndices[i])
                    .setLabel(w.topLabels[i])
                    .setScore(w.topScores[i])
                    .build());
        }
        int key = w.seqs.length / 2;
        return ActionEvent.newBuilder()
                .setEventId(w.eventId())
                .setCameraId(w.cameraId)
                .setWindowStart(EventTimes.micros(w.captureMicros[0]))
                .setWindowEnd(EventTimes.micros(w.captureMicros[w.captureMicros.length - 1]))
                .setKeyframeTime(EventTimes.micros(w.captureMicros[key]))
                .setKeyframeSeq(w.seqs[key])
                .setSampledSeqs(seqs)
                .setStride(w.stride)
                .setTop(top)
                .setModel(EventParts.model(w.modelName, w.modelSha256, w.provider))
                .setTimings(EventParts.timings(w.captureToEmitMs, w.inferenceMs, w.batchSize))
                .setProducedAt(EventTimes.micros(w.producedMicros))
                .build();
    }
}
