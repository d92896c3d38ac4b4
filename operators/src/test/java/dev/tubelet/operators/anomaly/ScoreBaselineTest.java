package dev.tubelet.operators.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreBaselineTest {
    @Test
    void theFirstWindowsCountEquallyThenTheHalfLifeWeighs() {
        ScoreBaseline b = new ScoreBaseline();
        assertThat(b.z(5)).isZero();
        b.add(1, 100, 10);
        b.add(3, 100, 10);
        // the running mean and (population) variance of 1 and 3
        assertThat(b.mean).isCloseTo(2, within(1e-12));
        assertThat(b.variance).isCloseTo(1, within(1e-12));
        assertThat(b.windows).isEqualTo(2);

        ScoreBaseline halfLife = new ScoreBaseline();
        halfLife.add(0, 1, 1000);
        for (int i = 0; i < 50; i++) {
            halfLife.add(0, 1, 1000);
        }
        halfLife.add(8, 1, 1000);
        // half-life 1: the newest score weighs one half
        assertThat(halfLife.mean).isCloseTo(4, within(1e-9));
    }

    @Test
    void aBurstStandsOutAndDoesNotMakeTheNextBurstLookUsual() {
        SplittableRandom random = new SplittableRandom(3);
        ScoreBaseline b = new ScoreBaseline();
        for (int i = 0; i < 60; i++) {
            double score = 1.0 + 0.05 * random.nextGaussian();
            if (i >= 20) {
                assertThat(Math.abs(b.z(score))).as("window " + i).isLessThan(4.5);
            }
            b.add(score, 30, 20);
        }
        // three unusual windows in a row: each stands out, the third as the first
        double first = b.z(3.0);
        for (int i = 0; i < 3; i++) {
            assertThat(b.z(3.0)).as("burst window " + i).isGreaterThan(10);
            b.add(3.0, 30, 20);
        }
        assertThat(b.z(3.0)).isGreaterThan(first / 3);
        // the usual again: not unusual
        assertThat(Math.abs(b.z(1.0))).isLessThan(4);
    }

    @Test
    void aStillSceneHasASpreadOfAtLeastOnePercent() {
        ScoreBaseline b = new ScoreBaseline();
        for (int i = 0; i < 30; i++) {
            b.add(2.0, 30, 10);
        }
        assertThat(b.std()).isCloseTo(0.02, within(1e-12));
        assertThat(b.z(2.01)).isCloseTo(0.5, within(1e-9));
    }
}
