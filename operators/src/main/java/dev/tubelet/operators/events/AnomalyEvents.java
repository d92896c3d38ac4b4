package dev.tubelet.operators.events;

import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.schema.AnomalyEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds the published {@link AnomalyEvent} from a window with its score and its camera's baseline. */
public final class AnomalyEvents {
    private AnomalyEvents() {}

    /**
     * @param w the window, after its baseline
     * @return the event
     */
    public static AnomalyEvent of(AnomalyWindow w) {
        List<Long> seqs = EventParts.longs(w.seqs);
        List<Float> heat = new ArrayList<>(w.heat.length);
        for (float h : w.heat) {
            heat.add(h);
        }
        return AnomalyEvent.newBuilder()
                .setEventId(w.eventId())
                .setCameraId(w.cameraId)
                .setWindowStart(EventTimes.micros(w.captureMicros[0]))
                .setWindowEnd(EventTimes.micros(w.captureMicros[w.captureMicros.length - 1]))
                .setSampledSeqs(seqs)
                .setScore(w.score)
                .setBaselineMean(w.baselineMean)
                .setBaselineStd(w.baselineStd)
                .setZ(w.z)
                .setWarmingUp(w.warmingUp)
                .setHeat(heat)
                .setHeatRows(w.rows)
                .setHeatColumns(w.columns)
                .setModel(EventParts.model(w.modelName, w.modelSha256, w.provider))
                .setTimings(EventParts.timings(w.captureToEmitMs, w.inferenceMs, w.batchSize))
                .setProducedAt(EventTimes.micros(w.producedMicros))
                .build();
    }
}
