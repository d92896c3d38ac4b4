package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraSearchTest {
    private static int search(int start, int capacity, List<Integer> tried) throws Exception {
        return CameraSearch.largestKeptUp(start, n -> {
            tried.add(n);
            return n <= capacity;
        });
    }

    @Test
    void doublesThenNarrowsToWithinASixteenth() throws Exception {
        List<Integer> tried = new ArrayList<>();
        int found = search(16, 141, tried);
        assertThat(found).isBetween(141 - 141 / 16, 141);
        assertThat(tried).startsWith(16, 32, 64, 128, 256);
        assertThat(tried.size()).isLessThan(12);
    }

    @Test
    void halvesWhenTheStartIsTooMany() throws Exception {
        List<Integer> tried = new ArrayList<>();
        assertThat(search(64, 5, tried)).isEqualTo(5);
        assertThat(tried).startsWith(64, 32, 16, 8, 4);
    }

    @Test
    void reportsZeroWhenNoneKeepsUpAndStopsAtTheLargestCount() throws Exception {
        assertThat(search(8, 0, new ArrayList<>())).isZero();
        List<Integer> tried = new ArrayList<>();
        assertThat(search(1024, 100_000, tried)).isEqualTo(CameraSearch.MAX);
        assertThat(tried).containsExactly(1024, 2048, 4096);
    }
}
