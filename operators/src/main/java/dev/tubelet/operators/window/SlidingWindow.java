package dev.tubelet.operators.window;

/**
 * A camera's last {@code T} sampled frames, and when they make a window: at the {@code T}-th
 * sampled frame and every {@code hop} after it. A window's keyframe is its middle frame (index
 * {@code T/2}), so the n-th frame kept (from 1) is a keyframe when {@code n = 1 + T/2 + j·hop};
 * that is known when the frame arrives, before its window exists (detection boxes keyframes
 * only).
 *
 * <p>Windows own no copies: with object reuse on, a window's planes are the state's arrays,
 * which are never written after they are made.
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

    /** @return the camera's current window (call when {@link #add} said one is due) */
    static ClipWindow window(String cameraId, CameraWindowState s) {
        ClipWindow w = new ClipWindow();
        int t = s.frames.length;
        w.cameraId = cameraId;
        w.seqs = new long[t];
        w.captureMicros = new long[t];
        w.planes = new byte[t][];
        for (int i = 0; i < t; i++) {
            w.seqs[i] = s.frames[i].seq;
            w.captureMicros[i] = s.frames[i].captureMicros;
            w.planes[i] = s.frames[i].planes;
        }
        w.stride = s.stride;
        w.width = s.frames[0].width;
        w.height = s.frames[0].height;
        SampledFrame key = s.frames[w.keyframeIndex()];
        w.keyBoxes = key.boxes;
        w.keyBoxOrigin = key.boxOrigin;
        w.keyBoxLabels = key.boxLabels;
        w.keyWidth = key.sourceWidth;
        w.keyHeight = key.sourceHeight;
        return w;
    }
}
