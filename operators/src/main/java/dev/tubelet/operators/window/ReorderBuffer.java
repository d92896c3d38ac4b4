package dev.tubelet.operators.window;

import dev.tubelet.operators.frames.FrameEnvelope;
import java.util.Arrays;

/**
 * Puts one camera's frames in sequence order. Kafka keeps a camera's frames in order within a
 * partition, so reordering is the exception (several producers, replays) and a small bounded
 * buffer is enough: a frame ahead of a missing one waits, at most {@code maxReorder} frames (or
 * until the operator's reorder timer calls {@link #flush}), after which the hole is accepted. A
 * jump of more than {@code maxGap} sequence numbers is not waited for: it restarts the window. A
 * step back of more than {@code maxGap} is the camera starting over (it, or its ingest, restarted):
 * the camera's sequence starts again at that frame. A frame at or behind the last one taken is a
 * duplicate, or late when its sequence number was given up as lost (the last holes are kept).
 *
 * <p>Works on a camera's {@link CameraWindowState} ({@code lastSeq}, {@code pending}); frames
 * that are next in order go to a {@link Taker}, which sees {@code lastSeq} still at the
 * previous frame, and then become the last taken.
 */
final class ReorderBuffer {
    /** Receives frames in order. */
    interface Taker {
        void take(FrameEnvelope frame) throws Exception;
    }

    /** What became of a frame offered. */
    enum Offer {
        /** Its sequence number was taken or is held already: dropped. */
        DUPLICATE,
        /** Its sequence number was given up as lost before it came: dropped, and said so. */
        LATE,
        /** Far behind the last one taken: the camera started over, its sequence restarts at this frame. */
        RESTARTED,
        /** Taken now, with any held frames that followed it. */
        TAKEN,
        /** Held back, waiting for a missing frame before it. */
        HELD
    }

    /** Holes remembered per camera (pairs of first, last). */
    static final int HOLES_KEPT = 8;

    private final int maxReorder;
    private final int maxGap;

    /**
     * @param maxReorder frames held back at most, waiting for a missing one
     * @param maxGap a jump of more sequence numbers is not waited for
     */
    ReorderBuffer(int maxReorder, int maxGap) {
        this.maxReorder = maxReorder;
        this.maxGap = maxGap;
    }

    /**
     * @param s the camera's state
     * @param frame a frame of the camera
     * @param taker receives every frame that is now in order
     * @return what became of the frame
     */
    Offer offer(CameraWindowState s, FrameEnvelope frame, Taker taker) throws Exception {
        if (s.lastSeq >= 0 && s.lastSeq - frame.seq > maxGap) {
            flush(s, taker);
            s.lastSeq = -1;
            s.holes = new long[0];
            take(s, frame, taker);
            return Offer.RESTARTED;
        }
        if (s.lastSeq >= 0 && frame.seq <= s.lastSeq) {
            return inHole(s, frame.seq) ? Offer.LATE : Offer.DUPLICATE;
        }
        if (isHeld(s, frame.seq)) {
            return Offer.DUPLICATE;
        }
        if (s.lastSeq < 0 || frame.seq == s.lastSeq + 1) {
            take(s, frame, taker);
            drainInOrder(s, taker);
            return Offer.TAKEN;
        }
        if (frame.seq - s.lastSeq > maxGap) {
            flush(s, taker);
            take(s, frame, taker);
            return Offer.TAKEN;
        }
        hold(s, frame);
        if (s.pending.length > maxReorder) {
            flush(s, taker);
            return Offer.TAKEN;
        }
        return Offer.HELD;
    }

    /** Gives up on missing frames: takes every held frame in order, holes and all. */
    void flush(CameraWindowState s, Taker taker) throws Exception {
        FrameEnvelope[] pending = s.pending;
        s.pending = new FrameEnvelope[0];
        for (FrameEnvelope frame : pending) {
            if (frame.seq > s.lastSeq) {
                take(s, frame, taker);
            }
        }
    }

    /** @return whether frames are held back for a missing one */
    static boolean holding(CameraWindowState s) {
        return s.pending.length > 0;
    }

    private void take(CameraWindowState s, FrameEnvelope frame, Taker taker) throws Exception {
        taker.take(frame);
        if (s.lastSeq >= 0 && frame.seq > s.lastSeq + 1 && frame.seq - s.lastSeq <= maxGap) {
            rememberHole(s, s.lastSeq + 1, frame.seq - 1);
        }
        s.lastSeq = frame.seq;
    }

    private static void rememberHole(CameraWindowState s, long first, long last) {
        int keep = Math.min(s.holes.length, (HOLES_KEPT - 1) * 2);
        long[] holes = new long[keep + 2];
        System.arraycopy(s.holes, s.holes.length - keep, holes, 0, keep);
        holes[keep] = first;
        holes[keep + 1] = last;
        s.holes = holes;
    }

    private static boolean inHole(CameraWindowState s, long seq) {
        for (int i = 0; i < s.holes.length; i += 2) {
            if (seq >= s.holes[i] && seq <= s.holes[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private void drainInOrder(CameraWindowState s, Taker taker) throws Exception {
        while (s.pending.length > 0 && s.pending[0].seq == s.lastSeq + 1) {
            FrameEnvelope next = s.pending[0];
            s.pending = Arrays.copyOfRange(s.pending, 1, s.pending.length);
            take(s, next, taker);
        }
    }

    private static boolean isHeld(CameraWindowState s, long seq) {
        for (FrameEnvelope p : s.pending) {
            if (p.seq == seq) {
                return true;
            }
        }
        return false;
    }

    private static void hold(CameraWindowState s, FrameEnvelope frame) {
        FrameEnvelope[] pending = Arrays.copyOf(s.pending, s.pending.length + 1);
        int i = pending.length - 1;
        while (i > 0 && pending[i - 1].seq > frame.seq) {
            pending[i] = pending[i - 1];
            i--;
        }
        pending[i] = frame;
        s.pending = pending;
    }
}
