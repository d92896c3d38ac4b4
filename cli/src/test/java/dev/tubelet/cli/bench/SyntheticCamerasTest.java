package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticCamerasTest {
    @Test
    void camerasJoinOneByOneOverTheRampAndTheFirstJoinsAtOnce() {
        assertThat(SyntheticCameras.joins(4, 300)).containsExactly(0, 75, 150, 225);
        assertThat(SyntheticCameras.joins(3, 0)).containsExactly(0, 0, 0);
    }

    @Test
    void expectedWindowsCountEachCamerasOwnFrames() {
        // stride 4, 16 frames, hop 8: 64 frames make 16 sampled frames, one window; 96 make 24, two;
        // 60 make 15, none
        assertThat(PipelineBenchmark.expected(new long[] {64, 96, 60}, 4, 16, 8))
                .isEqualTo(1 + 2 + 0);
        assertThat(PipelineBenchmark.expected(new long[] {900}, 4, 16, 8)).isEqualTo(27);
    }

    @Test
    void theTimelineHasTheP95OfEach10sAndAGapWhereNoWindowEnded() {
        long start = 1_000_000_000L;
        List<EventLatencies.Event> events = List.of(
                new EventLatencies.Event(start + 1_000_000, 100),
                new EventLatencies.Event(start + 2_000_000, 300),
                new EventLatencies.Event(start + 25_000_000, 50));
        List<Double> timeline = PipelineBenchmark.p95Per10s(events, start);
        assertThat(timeline).hasSize(3);
        assertThat(timeline.get(0)).isEqualTo(300.0);
        assertThat(timeline.get(1)).isNaN();
        assertThat(timeline.get(2)).isEqualTo(50.0);
    }
}
