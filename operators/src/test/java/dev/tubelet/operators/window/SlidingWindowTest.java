package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlidingWindowTest {
    private static SampledFrame frame(long seq) {
        SampledFrame f = new SampledFrame();
        f.seq = seq;
        return f;
    }

    @ParameterizedTest(name = "T {0}, hop {1}")
    @CsvSource({"16, 8", "4, 2", "4, 4", "4, 6", "16, 1"})
    void windowsComeEveryHopAndTheStateKeepsOnlyFramesALaterWindowContains(int frames, int hop) {
        SlidingWindow slider = new SlidingWindow(frames, hop);
        CameraWindowState s = new CameraWindowState();
        List<long[]> windows = new ArrayList<>();
        for (long seq = 0; seq < 60; seq++) {
            assertThat(s.frames.length).isLessThanOrEqualTo(frames);
            if (slider.add(s, frame(seq))) {
                windows.add(Arrays.stream(s.frames).mapToLong(f -> f.seq).toArray());
                SampledFrame[] dropped = slider.dropPast(s);
                assertThat(dropped).hasSize(Math.min(hop, frames));
                assertThat(s.frames).hasSize(frames - Math.min(hop, frames));
            }
        }
        // the same windows as keeping every frame would give: the first after T frames, then every hop
        for (int w = 0; w < windows.size(); w++) {
            long last = frames - 1 + (long) w * hop;
            long[] expected = new long[frames];
            for (int i = 0; i < frames; i++) {
                expected[i] = last - frames + 1 + i;
            }
            assertThat(windows.get(w)).as("window %d", w).containsExactly(expected);
        }
        assertThat(windows).hasSize((int) ((60 - frames) / hop + 1));
    }
}
