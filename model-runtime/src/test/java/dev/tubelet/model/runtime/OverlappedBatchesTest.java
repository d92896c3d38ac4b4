package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OverlappedBatchesTest {

    /** Fills record the thread; runs wait on a gate per batch, so a test decides when each ends. */
    private static final class Stages implements OverlappedBatches.Stages<Integer, List<Integer>, String> {
        final List<String> fillThreads = new ArrayList<>();
        final List<String> runThreads = new ArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger fills = new AtomicInteger();
        final AtomicInteger discarded = new AtomicInteger();
        final CountDownLatch firstRunStarted = new CountDownLatch(1);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public synchronized List<Integer> fill(List<Integer> items) {
            fills.incrementAndGet();
            fillThreads.add(Thread.currentThread().getName());
            if (items.contains(-1)) {
                throw new IllegalArgumentException("bad item");
            }
            return items;
        }

        @Override
        public List<String> run(List<Integer> filled) throws Exception {
            running.incrementAndGet();
            synchronized (this) {
                runThreads.add(Thread.currentThread().getName());
            }
            firstRunStarted.countDown();
            try {
                gate.await();
                return filled.stream().map(i -> "#" + i).toList();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void discard(List<Integer> filled) {
            discarded.incrementAndGet();
        }
    }

    @Test
    void theNextBatchFillsWhileTheCurrentOneRunsAndCompletionsLeaveTheRunThread() throws Exception {
        Stages stages = new Stages();
        stages.gate = new CountDownLatch(1);
        try (OverlappedBatches<Integer, List<Integer>, String> batches = new OverlappedBatches<>("m", stages, 1)) {
            CompletableFuture<OverlappedBatches.Done<String>> first = batches.submit(List.of(1, 2));
            stages.firstRunStarted.await();
            CompletableFuture<OverlappedBatches.Done<String>> second = batches.submit(List.of(3));
            // the second batch is filled (on this thread) while the first is still running
            assertThat(stages.fills).hasValue(2);
            assertThat(stages.running).hasValue(1);
            assertThat(first).isNotDone();
            CompletableFuture<String> completedOn =
                    first.thenApply(d -> Thread.currentThread().getName());
            stages.gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).answers()).containsExactly("#1", "#2");
            assertThat(second.get(10, TimeUnit.SECONDS).answers()).containsExactly("#3");
            assertThat(stages.fillThreads).containsOnly(Thread.currentThread().getName());
            assertThat(stages.runThreads).containsOnly("tubelet-run-m");
            assertThat(completedOn.get(10, TimeUnit.SECONDS))
                    .isIn("tubelet-complete-m", Thread.currentThread().getName());
            assertThat(first.get().waitNanos()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void atMostDepthFilledBatchesWaitThenSubmitBlocks() throws Exception {
        Stages stages = new Stages();
        stages.gate = new CountDownLatch(1);
        try (OverlappedBatches<Integer, List<Integer>, String> batches = new OverlappedBatches<>("m", stages, 1)) {
            batches.submit(List.of(1));
            stages.firstRunStarted.await();
            batches.submit(List.of(2)); // waits for the run thread
            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> batches.submit(List.of(3)));
            Thread.sleep(300);
            assertThat(third)
                    .as("a third filled batch has no room while one runs and one waits")
                    .isNotDone();
            stages.gate.countDown();
            third.get(10, TimeUnit.SECONDS);
        }
        assertThat(stages.fills).hasValue(3);
    }

    @Test
    void aFailedFillOrRunFailsOnlyItsBatch() throws Exception {
        Stages stages = new Stages();
        try (OverlappedBatches<Integer, List<Integer>, String> batches = new OverlappedBatches<>("m", stages, 1)) {
            assertThatThrownBy(() -> batches.submit(List.of(-1)).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad item");
            assertThat(batches.submit(List.of(5)).get(10, TimeUnit.SECONDS).answers())
                    .containsExactly("#5");
        }
    }

    @Test
    void afterCloseSubmitFailsAndNothingIsLeftRunning() throws Exception {
        Stages stages = new Stages();
        OverlappedBatches<Integer, List<Integer>, String> batches = new OverlappedBatches<>("m", stages, 1);
        assertThat(batches.submit(List.of(1)).get(10, TimeUnit.SECONDS).answers())
                .containsExactly("#1");
        batches.close();
        assertThat(stages.running).hasValue(0);
        assertThatThrownBy(() -> batches.submit(List.of(2)).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void overlapIsTheShareOfTheShorterStageHidden() {
        assertThat(OverlappedBatches.overlap(100, 50, 100)).isEqualTo(1.0);
        assertThat(OverlappedBatches.overlap(150, 50, 100)).isEqualTo(0.0);
        assertThat(OverlappedBatches.overlap(125, 50, 100)).isEqualTo(0.5);
        assertThat(OverlappedBatches.overlap(100, 0, 100)).isEqualTo(0.0);
    }
}
