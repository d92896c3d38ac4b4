package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtException;
import java.util.List;

/**
 * A model whose only input is the clip, answering in batches in two halves: a pooled input filled on
 * the CPU ({@link #fill}), then run ({@link #run}) or given back ({@link #discard}); the overlapped
 * batches of the job and of {@code bench runtime} drive it as it is. The classifier and the anomaly
 * model.
 *
 * @param <R> the answer for one clip
 */
public interface ClipModel<R> extends OverlappedBatches.Stages<Clip, FilledBatch, R>, AutoCloseable {
    /** @return identity, provider and shapes of the open model */
    ModelInfo info();

    /** @return where the model's time has gone since it opened */
    InferenceTimings timings();

    /** @return clips per ONNX Runtime run */
    int batchCapacity();

    /**
     * @param clips 1 to {@link #batchCapacity()} clips
     * @return the batch, to {@link #run} or {@link #discard}
     * @throws IllegalArgumentException when there are too many clips or one has the wrong shape
     */
    @Override
    FilledBatch fill(List<Clip> clips);

    /**
     * Runs a filled batch and gives its buffer back to the pool.
     *
     * @param batch from {@link #fill}
     * @return one answer per clip, in order
     * @throws OrtException when ONNX Runtime fails (or the run was cancelled by {@link #close})
     */
    @Override
    List<R> run(FilledBatch batch) throws OrtException;

    /** Gives a batch that will not run back to the pool. */
    @Override
    void discard(FilledBatch batch);

    /** Waits for runs in flight, then releases this model's reference to the shared session. */
    @Override
    void close();
}
