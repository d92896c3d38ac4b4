package dev.tubelet.operators.window;

import dev.tubelet.operators.frames.FrameEnvelope;
import java.util.Arrays;

/**
 * Puts one camera's frames in sequence order. Kafka keeps a camera's frames in order within a
 * partition, so reordering is the exception (several producers, replays) and a small bounded
 * buffer is enough: a frame ahead of a missing one waits, at most {@code maxReorder} frames (or
 * until the operator's reorder timer calls {@link #flush}), after which the hole is accepted. A
 * jump of more than {@code maxGap} sequence numbers is not waited for: it restarts the window.
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
        /** Taken now, with any held frames that followed it. */
        TAKEN,
        /** Held back, waiting for a missing frame before it. */
        HELD
    }

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
        if (s.lastSeq >= 0 && frame.seq <= s.lastSeq || isHeld(s, frame.seq)) {
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

    private static void take(CameraWindowState s, FrameEnvelope frame, Taker taker) throws Exception {
        taker.take(frame);
        s.lastSeq = frame.seq;
    }

    private static void drainInOrder(CameraWindowState s, Taker taker) throws Exception {
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
