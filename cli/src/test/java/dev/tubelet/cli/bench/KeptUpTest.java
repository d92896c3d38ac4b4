package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptUpTest {
    @Test
    void keptUpNeedsEveryWindowAProducerOnScheduleAndALatencyThatDoesNotGrow() {
        assertThat(KeptUp.judge(100, 100, 0.05, 300, 450).keptUp()).isTrue();
        // the last third may reach twice the first, or the first plus a second, whichever is more
        assertThat(KeptUp.judge(100, 100, 0.05, 300, 1300).keptUp()).isTrue();
        assertThat(KeptUp.judge(100, 100, 0.05, 2000, 4000).keptUp()).isTrue();
    }

    @Test
    void aRunThatFellBehindAndCaughtUpAfterTheCamerasStoppedDidNotKeepUp() {
        // every window arrived in the end, but the latency grew through the run
        KeptUp.Verdict v = KeptUp.judge(100, 100, 0.05, 500, 22_900);
        assertThat(v.keptUp()).isFalse();
        assertThat(v.reason()).contains("latency grew", "22900", "1500");
    }

    @Test
    void missingWindowsOrALateProducerAreNotKeepingUp() {
        assertThat(KeptUp.judge(100, 99, 0.05, 300, 300).reason()).isEqualTo("1 of 100 windows did not arrive");
        assertThat(KeptUp.judge(100, 100, 1.4, 300, 300).reason()).contains("producer fell 1.4 s behind");
        assertThat(KeptUp.judge(100, 100, 0.05, 300, Double.NaN).keptUp()).isFalse();
    }
}
