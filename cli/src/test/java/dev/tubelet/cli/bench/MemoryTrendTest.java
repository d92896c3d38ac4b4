package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTrendTest {
    @Test
    void slopeIsMegabytesPerMinuteAfterTheWarmUp() {
        // 2 MB per 30 s after the warm-up = 4 MB/min; the warm-up's climb does not count
        List<MemoryTrend.Sample> samples = List.of(
                new MemoryTrend.Sample(0, 100, 500),
                new MemoryTrend.Sample(30, 300, 900),
                new MemoryTrend.Sample(60, 302, 900),
                new MemoryTrend.Sample(90, 304, 900),
                new MemoryTrend.Sample(120, 306, 900));
        assertThat(MemoryTrend.slopeMbPerMinute(samples, 60, MemoryTrend.Sample::heapAfterGcMb))
                .isCloseTo(4.0, within(1e-9));
        assertThat(MemoryTrend.slopeMbPerMinute(samples, 60, MemoryTrend.Sample::rssMb))
                .isCloseTo(0.0, within(1e-9));
    }

    @Test
    void tooFewSamplesHaveNoSlope() {
        List<MemoryTrend.Sample> samples =
                List.of(new MemoryTrend.Sample(0, 100, 500), new MemoryTrend.Sample(30, 300, 900));
        assertThat(MemoryTrend.slopeMbPerMinute(samples, 0, MemoryTrend.Sample::heapAfterGcMb))
                .isNaN();
    }

    @Test
    void samplesTheHeapAndTheResidentSet() throws Exception {
        try (MemoryTrend trend = new MemoryTrend(0.05)) {
            while (trend.samples().size() < 2) {
                Thread.sleep(20);
            }
            MemoryTrend.Sample s = trend.samples().get(1);
            assertThat(s.heapAfterGcMb()).isPositive();
            assertThat(s.rssMb()).isGreaterThan(s.heapAfterGcMb() / 4);
        }
    }
}
