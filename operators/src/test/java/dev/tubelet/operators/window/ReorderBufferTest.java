package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.frames.FrameEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ordering one camera's frames: duplicates, holes waited for, bounded waiting, gaps. */
class ReorderBufferTest {
    private final CameraWindowState state = new CameraWindowState();
    private final List<Long> taken = new ArrayList<>();
    private final ReorderBuffer buffer = new ReorderBuffer(3, 10);

    private ReorderBuffer.Offer offer(long seq) throws Exception {
        FrameEnvelope frame = new FrameEnvelope();
        frame.seq = seq;
        return buffer.offer(state, frame, f -> {
            // the taker sees lastSeq at the frame before
            assertThat(state.lastSeq).isLessThan(f.seq);
            taken.add(f.seq);
        });
    }

    @Test
    void framesInOrderAreTakenAtOnce() throws Exception {
        for (long seq = 0; seq < 5; seq++) {
            assertThat(offer(seq)).isEqualTo(ReorderBuffer.Offer.TAKEN);
        }
        assertThat(taken).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(state.lastSeq).isEqualTo(4);
    }

    @Test
    void aFrameAheadOfAMissingOneWaitsAndIsTakenWhenTheHoleFills() throws Exception {
        offer(0);
        assertThat(offer(2)).isEqualTo(ReorderBuffer.Offer.HELD);
        assertThat(offer(3)).isEqualTo(ReorderBuffer.Offer.HELD);
        assertThat(ReorderBuffer.holding(state)).isTrue();
        assertThat(offer(1)).isEqualTo(ReorderBuffer.Offer.TAKEN);
        assertThat(taken).containsExactly(0L, 1L, 2L, 3L);
        assertThat(ReorderBuffer.holding(state)).isFalse();
    }

    @Test
    void takenOrHeldSequenceNumbersAreDuplicates() throws Exception {
        offer(0);
        offer(1);
        offer(3);
        assertThat(offer(1)).isEqualTo(ReorderBuffer.Offer.DUPLICATE);
        assertThat(offer(0)).isEqualTo(ReorderBuffer.Offer.DUPLICATE);
        assertThat(offer(3)).isEqualTo(ReorderBuffer.Offer.DUPLICATE);
        assertThat(taken).containsExactly(0L, 1L);
    }

    @Test
    void moreHeldFramesThanTheBoundAcceptTheHole() throws Exception {
        offer(0);
        offer(5);
        offer(3);
        offer(4);
        assertThat(taken).containsExactly(0L);
        assertThat(offer(6)).isEqualTo(ReorderBuffer.Offer.TAKEN); // a fourth held frame: over the bound of 3
        assertThat(taken).containsExactly(0L, 3L, 4L, 5L, 6L);
        assertThat(offer(2))
                .as("a hole given up on stays given up: the frame is late")
                .isEqualTo(ReorderBuffer.Offer.LATE);
        assertThat(offer(4)).as("a frame taken is a duplicate").isEqualTo(ReorderBuffer.Offer.DUPLICATE);
    }

    @Test
    void aStepBackBeyondTheGapIsTheCameraStartingOver() throws Exception {
        offer(100);
        offer(102); // held, 101 missing
        assertThat(offer(95)).as("within the gap: behind, so a duplicate").isEqualTo(ReorderBuffer.Offer.DUPLICATE);
        assertThat(offer(3)).isEqualTo(ReorderBuffer.Offer.RESTARTED);
        assertThat(taken)
                .as("what was held is taken first, then the camera starts over")
                .containsExactly(100L, 102L, 3L);
        assertThat(state.lastSeq).isEqualTo(3);
        assertThat(offer(4)).isEqualTo(ReorderBuffer.Offer.TAKEN);
    }

    @Test
    void flushTakesHeldFramesHolesAndAll() throws Exception {
        offer(0);
        offer(4);
        offer(2);
        buffer.flush(state, f -> taken.add(f.seq));
        assertThat(taken).containsExactly(0L, 2L, 4L);
        assertThat(state.lastSeq).isEqualTo(4);
    }

    @Test
    void aJumpBeyondTheGapIsNotWaitedFor() throws Exception {
        offer(0);
        offer(2);
        assertThat(offer(20)).isEqualTo(ReorderBuffer.Offer.TAKEN);
        assertThat(taken).containsExactly(0L, 2L, 20L);
    }
}
