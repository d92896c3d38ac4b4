package dev.tubelet.model.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.model.InvalidModelException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TubeMasksTest {
    @Test
    void everyTokenIsSeenByOneMaskAndHiddenByTheOthers() {
        TubeMasks masks = new TubeMasks(196, 8, TubeMasks.countFor(0.9));
        assertThat(masks.count()).isEqualTo(10);
        int[] seen = new int[masks.tokens()];
        for (int m = 0; m < masks.count(); m++) {
            long[] visible = masks.visibleTokens(m);
            assertThat(visible).isSorted();
            // 196 = 6 × 20 + 4 × 19: the first six masks show one position more per slice
            assertThat(visible).hasSize((m < 6 ? 20 : 19) * 8);
            for (long token : visible) {
                seen[(int) token]++;
                assertThat(masks.hides(m, (int) token)).isFalse();
            }
        }
        assertThat(Arrays.stream(seen).distinct().toArray()).containsExactly(1);
        for (int token = 0; token < masks.tokens(); token++) {
            int hiding = 0;
            for (int m = 0; m < masks.count(); m++) {
                hiding += masks.hides(m, token) ? 1 : 0;
            }
            assertThat(hiding).isEqualTo(9);
        }
        // position s = h'·14 + w' is visible in mask s mod 10 in every time slice
        assertThat(masks.visibleTokens(3)).startsWith(3, 13, 23).contains(196 + 3, 7 * 196 + 193);
    }

    @Test
    void ratiosBecomeMaskCounts() {
        assertThat(TubeMasks.countFor(0.9)).isEqualTo(10);
        assertThat(TubeMasks.countFor(0.75)).isEqualTo(4);
        assertThat(TubeMasks.countFor(0.5)).isEqualTo(2);
        assertThatThrownBy(() -> TubeMasks.countFor(1.0))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("mask ratio: expected a number in [0, 1), found 1.0");
        assertThatThrownBy(() -> new TubeMasks(196, 8, 1))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("mask ratio: expected 2 to 196 masks (a ratio from 0.5 to 0.9949), found 1");
    }
}
