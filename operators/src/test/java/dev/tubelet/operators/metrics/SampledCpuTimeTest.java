package dev.tubelet.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampledCpuTimeTest {
    @Test
    void measuresOneRecordInSixteenAndCountsItForAll() {
        SampledCpuTime cpu = new SampledCpuTime();
        int measured = 0;
        for (int i = 0; i < 64; i++) {
            long start = cpu.start();
            if (start >= 0) {
                measured++;
                // burn some CPU on the measured records only
                long x = 1;
                for (int k = 0; k < 2_000_000; k++) {
                    x += k * 31L ^ x;
                }
                assertThat(x).isNotZero();
            }
            cpu.stop(start);
        }
        assertThat(measured).isEqualTo(4);
        assertThat(cpu.totalNanos()).isPositive();
    }
}
