package dev.tubelet.operators.window;

/**
 * A camera's last {@code T} sampled frames, and when they make a window: at the {@code T}-th
 * sampled frame and every {@code hop} after it. A window's keyframe is its middle frame (index
 * {@code T/2}), so the n-th frame kept (from 1) is a keyframe when {@code n = 1 + T/2 + j·hop};
 * that is known when the frame arrives, before its window exists (detection boxes keyframes
 * only).
 *
 * <p>Windows own no copies: a window's frames are the state's, which are never written after
 * they are kept (each add makes a new array).
 */
final class SlidingWindow {
    private final int frames;
    private final int hop;

    /**
     * @param frames T, sampled frames per window
     * @param hop sampled frames between windows
     */
    SlidingWindow(int frames, int hop) {
        this.frames = frames;
        this.hop = hop;
    }

    /** Empties the camera's window (its first frame, or the first after a gap, comes next). */
    void restart(CameraWindowState s) {
        s.frames = new SampledFrame[0];
        s.sampledCount = 0;
        s.sampledSinceEmit = 0;
        s.emitted = false;
    }

    /** @return whether the next frame kept will be a window's keyframe */
    boolean nextIsKeyframe(CameraWindowState s) {
        long n = s.sampledCount + 1;
        long first = 1 + frames / 2;
        return n >= first && (n - first) % hop == 0;
    }

    /**
     * @param s the camera's state
     * @param frame the sampled frame, decoded
     * @return whether a window is due now
     */
    boolean add(CameraWindowState s, SampledFrame frame) {
        s.sampledCount++;
        int keep = Math.min(s.frames.length + 1, frames);
        SampledFrame[] kept = new SampledFrame[keep];
        System.arraycopy(s.frames, s.frames.length - (keep - 1), kept, 0, keep - 1);
        kept[keep - 1] = frame;
        s.frames = kept;
        s.sampledSinceEmit++;
        if (kept.length == frames && (!s.emitted || s.sampledSinceEmit >= hop)) {
            s.emitted = true;
            s.sampledSinceEmit = 0;
            return true;
        }
        return false;
    }

    /** @return the frame that the next {@link #add} pushes out of the camera's window, or null */
    SampledFrame leavingOnAdd(CameraWindowState s) {
        return s.frames.length == frames ? s.frames[0] : null;
    }

    /**
     * After a window is emitted, lets go of the frames no later window contains: the next one is
     * {@code hop} sampled frames on, so the oldest {@code min(hop, T)} are dead. The state then
     * holds {@code T - hop} to {@code T} frames instead of always {@code T} (12 on average at
     * T = 16, hop = 8), and checkpoints are a quarter smaller.
     *
     * @param s the camera's state, just after {@link #add} said a window is due
     * @return the frames let go, oldest first
     */
    SampledFrame[] dropPast(CameraWindowState s) {
        int drop = Math.min(hop, s.frames.length);
        SampledFrame[] dropped = java.util.Arrays.copyOfRange(s.frames, 0, drop);
        s.frames = java.util.Arrays.copyOfRange(s.frames, drop, s.frames.length);
        return dropped;
    }

    /**
     * @param cameraId the camera
     * @param s its state (call when {@link #add} said a window is due)
     * @param width the planes' width
     * @param height the planes' height
     * @return the camera's current window, without its planes
     */
    static ClipWindow window(String cameraId, CameraWindowState s, int width, int height) {
        ClipWindow w = new ClipWindow();
        int t = s.frames.length;
        w.cameraId = cameraId;
        w.frames = s.frames;
        w.seqs = new long[t];
        w.captureMicros = new long[t];
        for (int i = 0; i < t; i++) {
            w.seqs[i] = s.frames[i].seq;
            w.captureMicros[i] = s.frames[i].captureMicros;
        }
        w.stride = s.stride;
        w.width = width;
        w.height = height;
        SampledFrame key = s.frames[w.keyframeIndex()];
        w.keyBoxes = key.boxes;
        w.keyBoxOrigin = key.boxOrigin;
        w.keyBoxLabels = key.boxLabels;
        w.keyWidth = key.sourceWidth;
        w.keyHeight = key.sourceHeight;
        return w;
    }
}
