package dev.tubelet.operators.window;

import dev.tubelet.operators.frames.FrameEnvelope;

/**
 * Which of a camera's frames a window samples, as VideoMAE was trained: every {@code stride}-th
 * (its Kinetics setup) or one frame per equal slice of a time span (its Something-Something V2
 * setup). A policy keeps its position in the camera's {@link CameraWindowState}, so it survives
 * failures with the rest of the window.
 */
abstract sealed class SamplingPolicy permits SamplingPolicy.Strided, SamplingPolicy.Uniform {
    /**
     * @param spec the window rules
     * @return the policy they ask for
     */
    static SamplingPolicy of(WindowSpec spec) {
        return spec.uniform() ? new Uniform(spec) : new Strided(spec);
    }

    /**
     * Starts sampling afresh from a camera's first frame (or the first after a gap); that frame is sampled.
     *
     * @param s the camera's state
     * @param first the frame
     */
    abstract void restart(CameraWindowState s, FrameEnvelope first);

    /**
     * @param s the camera's state, {@code lastSeq} at the frame before this one
     * @param frame the next frame in order
     * @return the frame to sample now (this one, or in uniform mode an earlier one that lies nearer the slot), or null
     */
    abstract FrameEnvelope next(CameraWindowState s, FrameEnvelope frame);

    /** The first frame, then every {@code stride}-th sequence number (the stride may follow each camera's fps). */
    static final class Strided extends SamplingPolicy {
        private final WindowSpec spec;

        Strided(WindowSpec spec) {
            this.spec = spec;
        }

        @Override
        void restart(CameraWindowState s, FrameEnvelope first) {
            s.phaseSeq = first.seq;
            s.stride = spec.strideFor(first.fps);
        }

        @Override
        FrameEnvelope next(CameraWindowState s, FrameEnvelope frame) {
            long offset = s.lastSeq + 1 - s.phaseSeq;
            long nextSampled = s.phaseSeq + (offset + s.stride - 1) / s.stride * s.stride;
            if (nextSampled < frame.seq) {
                s.phaseSeq = frame.seq; // the sampled frame was lost in a hole: re-anchor on this one
            }
            return (frame.seq - s.phaseSeq) % s.stride == 0 ? frame : null;
        }
    }

    /** {@code frames} frames spread evenly over {@code uniformSpan} of capture time: the frame nearest each slot. */
    static final class Uniform extends SamplingPolicy {
        private final long slotMicros;

        Uniform(WindowSpec spec) {
            this.slotMicros = Math.max(1, spec.uniformSpan().toNanos() / 1000 / spec.frames());
        }

        @Override
        void restart(CameraWindowState s, FrameEnvelope first) {
            s.stride = 0;
            s.previous = null;
            s.nextSlotMicros = first.captureMicros + slotMicros;
        }

        @Override
        FrameEnvelope next(CameraWindowState s, FrameEnvelope frame) {
            if (frame.captureMicros < s.nextSlotMicros) {
                s.previous = frame;
                return null;
            }
            boolean previousNearer = s.previous != null
                    && s.nextSlotMicros - s.previous.captureMicros < frame.captureMicros - s.nextSlotMicros;
            FrameEnvelope sample = previousNearer ? s.previous : frame;
            long behind = (sample.captureMicros - s.nextSlotMicros) / slotMicros;
            s.nextSlotMicros += (Math.max(0, behind) + 1) * slotMicros;
            s.previous = previousNearer ? frame : null;
            return sample;
        }
    }
}
