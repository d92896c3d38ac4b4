package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaneCacheTest {
    @Test
    void keepsWithinItsBoundLettingTheLeastRecentlyUsedGo() {
        PlaneCache cache = new PlaneCache(300);
        cache.put("a", 1, new byte[100]);
        cache.put("a", 2, new byte[100]);
        cache.put("b", 1, new byte[100]);
        assertThat(cache.get("a", 1)).isNotNull(); // a:1 is now the most recent
        cache.put("b", 2, new byte[100]);
        assertThat(cache.bytes()).isEqualTo(300);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(cache.get("a", 2)).as("the least recently used").isNull();
        assertThat(cache.get("a", 1)).isNotNull();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hitRatio()).isEqualTo(2.0 / 3);
    }

    @Test
    void framesLeaveWhenTheirWindowsNoLongerNeedThem() {
        PlaneCache cache = new PlaneCache(1000);
        cache.put("a", 1, new byte[100]);
        cache.put("a", 1, new byte[120]);
        assertThat(cache.bytes()).isEqualTo(120);
        cache.remove("a", 1);
        cache.remove("a", 7);
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("a", 1)).isNull();
    }

    @Test
    void anArrayAFrameLeftGoesToTheNextFrame() {
        PlaneCache cache = new PlaneCache(300);
        byte[] first = cache.acquire(100);
        cache.put("a", 1, first);
        cache.remove("a", 1);
        assertThat(cache.acquire(100)).isSameAs(first);
        assertThat(cache.acquire(100)).isNotSameAs(first);
        byte[] evicted = cache.acquire(100);
        cache.put("a", 2, evicted);
        cache.put("a", 3, cache.acquire(100));
        cache.put("a", 4, cache.acquire(100));
        cache.put("a", 5, cache.acquire(100));
        assertThat(cache.bytes()).isEqualTo(300);
        assertThat(cache.acquire(100))
                .as("the evicted frame's array, though the cache is full")
                .isSameAs(evicted);
        assertThat(cache.acquire(60)).hasSize(60);
    }

    @Test
    void aZeroBoundKeepsNothing() {
        PlaneCache cache = new PlaneCache(0);
        cache.put("a", 1, new byte[10]);
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("a", 1)).isNull();
        assertThat(cache.hitRatio()).isZero();
    }
}
