package dev.tubelet.operators.events;

import dev.tubelet.schema.ModelRef;
import dev.tubelet.schema.Timings;
import java.util.ArrayList;
import java.util.List;

/** The parts every published event has alike: the model that made it, its timings, its seqs. */
final class EventParts {
    private EventParts() {}

    static ModelRef model(String name, String sha256, String provider) {
        return ModelRef.newBuilder()
                .setName(name)
                .setSha256(sha256)
                .setProvider(provider)
                .build();
    }

    static Timings timings(double captureToEmitMs, double inferenceMs, int batchSize) {
        return Timings.newBuilder()
                .setCaptureToEmitMs(captureToEmitMs)
                .setInferenceMs(inferenceMs)
                .setBatchSize(batchSize)
                .build();
    }

    static List<Long> longs(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
