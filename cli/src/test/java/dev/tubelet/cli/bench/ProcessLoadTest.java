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
        ProcessLoad.Between load = from.until(to);
        assertThat(load.cores()).isCloseTo(1.5, within(1e-9));
        assertThat(load.jitMs()).isEqualTo(3_000);
        assertThat(load.jitShare()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void whatTheJvmCannotTellIsUnknownNotZero() {
        ProcessLoad unknown = new ProcessLoad(0, -1, -1);
        ProcessLoad later = new ProcessLoad(1_000_000_000L, 2_000_000_000L, 100);
        ProcessLoad.Between load = unknown.until(later);
        assertThat(load.cores()).isNaN();
        assertThat(load.jitShare()).isNaN();
        assertThat(load.jitMs()).isEqualTo(-1);
    }

    @Test
    void thisJvmReportsItsOwnLoad() {
        ProcessLoad now = ProcessLoad.now();
        assertThat(now.cpuNanos()).isPositive();
        assertThat(now.jitMillis()).isNotNegative();
    }
}
