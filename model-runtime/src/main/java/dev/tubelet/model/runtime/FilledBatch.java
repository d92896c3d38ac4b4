package dev.tubelet.model.runtime;

/**
 * A batch whose input tensor is filled and which waits to run: the step between
 * {@code fill} and {@code run} of {@link ClipClassifier} and {@link ClipDetector}, so that one
 * batch can be filled while another runs. Holds a pooled input buffer until it runs or is
 * discarded (exactly one of the two).
 */
public final class FilledBatch {
    final InputBatch buffer;
    /** Clips in the tensor. */
    final int clips;
    /** Rows of the tensor the graph runs (a fixed-batch graph's full batch). */
    final int runSize;
    /** For a detection model: batch index and box per row; null for a classifier. */
    final float[] rois;
    /** For a detection model: boxes per clip given, in order (0 for a clip without boxes). */
    final int[] boxesPerClip;
    /** For a detection model: the tensor row of each clip given, -1 for a clip without boxes. */
    final int[] rowOfClip;

    private final long fillNanos;
    private final long fillCpuNanos;
    private boolean used;

    FilledBatch(
            InputBatch buffer,
            int clips,
            int runSize,
            float[] rois,
            int[] boxesPerClip,
            int[] rowOfClip,
            long fillNanos,
            long fillCpuNanos) {
        this.buffer = buffer;
        this.clips = clips;
        this.runSize = runSize;
        this.rois = rois;
        this.boxesPerClip = boxesPerClip;
        this.rowOfClip = rowOfClip;
        this.fillNanos = fillNanos;
        this.fillCpuNanos = fillCpuNanos;
    }

    /** @return wall time the fill took, nanoseconds */
    public long fillNanos() {
        return fillNanos;
    }

    /** @return CPU time the fill took, nanoseconds */
    public long fillCpuNanos() {
        return fillCpuNanos;
    }

    /** @return clips in the batch */
    public int size() {
        return clips;
    }

    /** Marks the batch used; a second run or discard is a bug. */
    synchronized void use() {
        if (used) {
            throw new IllegalStateException("a filled batch runs or is discarded once");
        }
        used = true;
    }
}
