package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.frames.FrameEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which frames a window samples: strided (with each camera's fps) and uniform over a span. */
class SamplingPolicyTest {
    private static FrameEnvelope frame(long seq, long captureMicros, float fps) {
        FrameEnvelope f = new FrameEnvelope();
        f.seq = seq;
        f.captureMicros = captureMicros;
        f.fps = fps;
        return f;
    }

    /** Feeds frames in order as the window assembler does; returns the sampled seqs. */
    private static List<Long> sampled(SamplingPolicy policy, List<FrameEnvelope> frames) {
        CameraWindowState s = new CameraWindowState();
        List<Long> out = new ArrayList<>();
        for (FrameEnvelope f : frames) {
            FrameEnvelope sample;
            if (s.lastSeq < 0) {
                policy.restart(s, f);
                sample = f;
            } else {
                sample = policy.next(s, f);
            }
            if (sample != null) {
                out.add(sample.seq);
            }
            s.lastSeq = f.seq;
        }
        return out;
    }

    private static List<FrameEnvelope> seqs(float fps, long... seqs) {
        List<FrameEnvelope> out = new ArrayList<>();
        for (long seq : seqs) {
            out.add(frame(seq, (long) (seq * 1e6 / fps), fps));
        }
        return out;
    }

    @Test
    void stridedSamplesTheFirstFrameThenEveryStrideTh() {
        SamplingPolicy policy = SamplingPolicy.of(WindowSpec.builder().stride(4).build());
        assertThat(sampled(policy, seqs(30, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14))).containsExactly(5L, 9L, 13L);
    }

    @Test
    void aSampledFrameLostInAHoleReanchorsTheGridOnTheNextFrame() {
        SamplingPolicy policy = SamplingPolicy.of(WindowSpec.builder().stride(4).build());
        // 4 is lost: 5 becomes the anchor, then 9
        assertThat(sampled(policy, seqs(30, 0, 1, 2, 3, 5, 6, 7, 8, 9))).containsExactly(0L, 5L, 9L);
    }

    @Test
    void aTargetRateGivesEachCameraTheStrideOfItsOwnFps() {
        SamplingPolicy policy =
                SamplingPolicy.of(WindowSpec.builder().targetSampleRate(7.5).build());
        long[] sixty = new long[17];
        for (int i = 0; i < sixty.length; i++) {
            sixty[i] = i;
        }
        assertThat(sampled(policy, seqs(60, sixty))).containsExactly(0L, 8L, 16L);
        assertThat(sampled(policy, seqs(15, 0, 1, 2, 3, 4))).containsExactly(0L, 2L, 4L);
    }

    @Test
    void uniformSamplesTheFrameNearestEachSlot() {
        // 4 frames over 400 ms: slots every 100 ms after the first frame
        SamplingPolicy policy = SamplingPolicy.of(WindowSpec.builder()
                .frames(4)
                .uniformSpan(Duration.ofMillis(400))
                .build());
        List<FrameEnvelope> frames = List.of(
                frame(0, 0, 0),
                frame(1, 40_000, 0),
                frame(2, 90_000, 0),
                frame(3, 130_000, 0),
                frame(4, 180_000, 0),
                frame(5, 260_000, 0),
                frame(6, 310_000, 0));
        // slot 100 ms: 90 (10 away) beats 130 (30 away); slot 200 ms: 180; slot 300 ms: 310
        assertThat(sampled(policy, frames)).containsExactly(0L, 2L, 4L, 6L);
    }
}
