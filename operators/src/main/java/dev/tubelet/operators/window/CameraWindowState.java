package dev.tubelet.operators.window;

import dev.tubelet.operators.frames.FrameEnvelope;

/** One camera's window state (keyed, checkpointed). A Flink POJO with arrays, so no Kryo. */
public class CameraWindowState {
    /** Highest sequence number taken in order; -1 before the first frame (or after a restart). */
    public long lastSeq = -1;
    /** Sequence number the strided sampling grid is anchored at. */
    public long phaseSeq;
    /** Stride in force for this camera. */
    public int stride;
    /** Uniform mode: capture time from which the next frame is sampled. */
    public long nextSlotMicros;
    /** The last sampled frames, oldest first, at most T. */
    public SampledFrame[] frames = new SampledFrame[0];
    /** Sampled frames since the last window (or since the start). */
    public int sampledSinceEmit;
    /** Frames decoded and kept since the start or the last restart (tells which will be keyframes). */
    public long sampledCount;
    /** Whether a window has been emitted since the start or the last restart. */
    public boolean emitted;
    /**
     * The last holes accepted (sequence numbers given up as lost), as pairs first, last; a frame that
     * comes later in one of them is late, not a duplicate.
     */
    public long[] holes = new long[0];
    /** Frames that arrived ahead of a missing one, by ascending seq. */
    public FrameEnvelope[] pending = new FrameEnvelope[0];
    /** Uniform mode: the last frame not sampled, a candidate if it lies nearer the next slot than its successor. */
    public FrameEnvelope previous;
    /** Processing time of the last frame, epoch milliseconds. */
    public long lastArrivalMillis;

    /** For Flink. */
    public CameraWindowState() {}
}
