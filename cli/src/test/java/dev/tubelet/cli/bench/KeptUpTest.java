package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeptUpTest {
    @Test
    void keptUpNeedsEveryWindowAProducerOnScheduleAndALatencyThatDoesNotGrow() {
        assertThat(KeptUp.judge(100, 100, 0.05, Double.NaN, 300, 450).keptUp()).isTrue();
        // the last third may reach twice the first, or the first plus a second, whichever is more
        assertThat(KeptUp.judge(100, 100, 0.05, Double.NaN, 300, 1300).keptUp()).isTrue();
        assertThat(KeptUp.judge(100, 100, 0.05, Double.NaN, 2000, 4000).keptUp())
                .isTrue();
    }

    @Test
    void aRunThatFellBehindAndCaughtUpAfterTheCamerasStoppedDidNotKeepUp() {
        // every window arrived in the end, but the latency grew through the run
        KeptUp.Verdict v = KeptUp.judge(100, 100, 0.05, Double.NaN, 500, 22_900);
        assertThat(v.keptUp()).isFalse();
        assertThat(v.reason()).contains("latency grew", "22900", "1500");
    }

    @Test
    void missingWindowsOrALateProducerAreNotKeepingUp() {
        assertThat(KeptUp.judge(100, 99, 0.05, Double.NaN, 300, 300).reason())
                .isEqualTo("1 of 100 windows did not arrive");
        assertThat(KeptUp.judge(100, 100, 1.4, Double.NaN, 300, 300).reason()).contains("producer fell 1.4 s behind");
        assertThat(KeptUp.judge(100, 100, 0.05, Double.NaN, 300, Double.NaN).keptUp())
                .isFalse();
    }

    @Test
    void aRunThatStartsBehindAndDrainsItsBacklogDidNotKeepUp() {
        // a 47 s backlog built in the warm-up, draining to 28 s: not growing, not kept up either
        KeptUp.Verdict v = KeptUp.judge(100, 100, 0.2, 170, 47_440, 27_759);
        assertThat(v.keptUp()).isFalse();
        assertThat(v.reason()).contains("47440", "1170", "170");
        // a hump within the bound keeps up
        assertThat(KeptUp.judge(100, 100, 0.2, 106, 572, 111).keptUp()).isTrue();
    }
}
