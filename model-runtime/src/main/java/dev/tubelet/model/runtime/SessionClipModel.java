package dev.tubelet.model.runtime;

import dev.tubelet.model.preprocess.FramePreprocessor;
import java.util.List;

/** What a {@link ClipModel} over one shared {@link ModelSession} does the same whatever it answers. */
abstract class SessionClipModel<R> implements ClipModel<R> {
    final ModelSession model;

    SessionClipModel(ModelSession model) {
        this.model = model;
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public InferenceTimings timings() {
        return model.timings();
    }

    @Override
    public int batchCapacity() {
        return model.batchCapacity();
    }

    /** @return the open graph (for the runtime benchmark's bare loop) */
    ModelSession session() {
        return model;
    }

    /** @return a new preprocessor for this model's input (one per thread) */
    public FramePreprocessor newPreprocessor() {
        return new FramePreprocessor(model.info().preprocessor());
    }

    @Override
    public FilledBatch fill(List<Clip> clips) {
        return model.fill(clips);
    }

    @Override
    public void discard(FilledBatch batch) {
        model.discard(batch);
    }

    /** Waits for runs in flight, then releases this model's reference to the shared session (closed with the last one). */
    @Override
    public void close() {
        model.close();
    }
}
