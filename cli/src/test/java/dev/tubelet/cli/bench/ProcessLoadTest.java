package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessLoadTest {
    @Test
    void coresAndTheJitsShareComeFromTwoReadings() {
        ProcessLoad from = new ProcessLoad(0, 1_000_000_000L, 500);
        // 10 s later: 15 s more CPU, 3 s of it compiling
        ProcessLoad to = new ProcessLoad(10_000_000_000L, 16_000_000_000L, 3_500);
        assertThat(from.coresUntil(to)).isCloseTo(1.5, within(1e-9));
        assertThat(from.jitMillisUntil(to)).isEqualTo(3_000);
        assertThat(from.jitShareUntil(to)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void whatTheJvmCannotTellIsUnknownNotZero() {
        ProcessLoad unknown = new ProcessLoad(0, -1, -1);
        ProcessLoad later = new ProcessLoad(1_000_000_000L, 2_000_000_000L, 100);
        assertThat(unknown.coresUntil(later)).isNaN();
        assertThat(unknown.jitShareUntil(later)).isNaN();
        assertThat(unknown.jitMillisUntil(later)).isEqualTo(-1);
    }

    @Test
    void thisJvmReportsItsOwnLoad() {
        ProcessLoad now = ProcessLoad.now();
        assertThat(now.cpuNanos()).isPositive();
        assertThat(now.jitMillis()).isNotNegative();
    }
}
