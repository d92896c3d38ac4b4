package dev.tubelet.operators.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ExecutionProvider;
import dev.tubelet.model.runtime.InferenceTimings;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.window.ClipWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared batching queue: batches by size and by wait, one failure per batch, reference
 * counting, and a close that never pulls the model from under a batch in flight. The model is a
 * stand-in that records its batches (the batcher's logic, not ONNX Runtime, is under test here;
 * the job tests run the real model).
 */
@Timeout(30)
class WindowBatcherTest {
    /** Answers each window with its camera id, and remembers the batches it saw. */
    private static final class RecordingModel implements WindowBatcher.Model<List<ClipWindow>, String> {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile CountDownLatch gate;
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile RuntimeException failure;
        final InferenceTimings timings = new InferenceTimings();

        @Override
        public ModelInfo info() {
            return new ModelInfo(
                    "recording",
                    Path.of("recording.onnx"),
                    "0".repeat(64),
                    ExecutionProvider.CPU,
                    InputLayout.BTCHW,
                    false,
                    4,
                    32,
                    32,
                    0,
                    LabelSet.unnamed(1),
                    ProblemType.SINGLE_LABEL,
                    PreprocessorConfig.videoMaeDefaults(32));
        }

        @Override
        public InferenceTimings timings() {
            return timings;
        }

        /** Set by close, as ONNX Runtime's terminate flag: a run in flight stops and throws. */
        volatile boolean cancelled;

        final AtomicInteger running = new AtomicInteger();

        final AtomicInteger discarded = new AtomicInteger();

        @Override
        public int capacity() {
            return 64;
        }

        @Override
        public List<ClipWindow> fill(List<ClipWindow> windows) {
            return List.copyOf(windows);
        }

        @Override
        public void discard(List<ClipWindow> filled) {
            discarded.incrementAndGet();
        }

        @Override
        public List<String> run(List<ClipWindow> windows) throws Exception {
            running.incrementAndGet();
            try {
                return runGated(windows);
            } finally {
                running.decrementAndGet();
            }
        }

        private List<String> runGated(List<ClipWindow> windows) throws Exception {
            entered.countDown();
            if (gate != null) {
                gate.await();
            }
            if (cancelled) {
                throw new IllegalStateException("run cancelled by close");
            }
            batches.add(windows.size());
            if (failure != null) {
                throw failure;
            }
            List<String> out = new ArrayList<>();
            windows.forEach(w -> out.add(w.cameraId));
            return out;
        }

        @Override
        public void close() {
            // as ClipClassifier does: cancel the run in flight, wait for it to return, then close
            cancelled = true;
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
            while (running.get() > 0) {
                Thread.onSpinWait();
            }
            closed.set(true);
        }
    }

    private static InferenceSpec spec(int maxBatch, Duration maxWait) {
        return new InferenceSpec("m", ExecutionOptions.cpu(), maxBatch, maxWait, 1);
    }

    private static ClipWindow window(String camera) {
        ClipWindow w = new ClipWindow();
        w.cameraId = camera;
        return w;
    }

    private static List<CompletableFuture<WindowBatcher.Result<String>>> submit(
            WindowBatcher<?, String> batcher, int n) {
        List<CompletableFuture<WindowBatcher.Result<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(batcher.submit(window("cam-" + i)));
        }
        return futures;
    }

    @Test
    void aFullBatchRunsWithoutWaitingAndEachWindowGetsItsOwnAnswer() throws Exception {
        RecordingModel model = new RecordingModel();
        try (WindowBatcher<?, String> batcher =
                WindowBatcher.acquire(new Object(), spec(4, Duration.ofMinutes(5)), () -> model)) {
            List<CompletableFuture<WindowBatcher.Result<String>>> futures = submit(batcher, 4);
            for (int i = 0; i < 4; i++) {
                // answered long before the five minutes a partial batch would wait: the batch was full
                WindowBatcher.Result<String> r = futures.get(i).get(10, TimeUnit.SECONDS);
                assertThat(r.value()).isEqualTo("cam-" + i);
                assertThat(r.batchSize()).isEqualTo(4);
            }
            assertThat(model.batches).containsExactly(4);
        }
    }

    @Test
    void aPartialBatchRunsWhenItsFirstWindowHasWaitedLongEnough() throws Exception {
        RecordingModel model = new RecordingModel();
        try (WindowBatcher<?, String> batcher =
                WindowBatcher.acquire(new Object(), spec(8, Duration.ofMillis(50)), () -> model)) {
            List<CompletableFuture<WindowBatcher.Result<String>>> futures = submit(batcher, 3);
            for (CompletableFuture<WindowBatcher.Result<String>> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS).batchSize()).isBetween(1, 3);
            }
            assertThat(model.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
            assertThat(model.batches).allMatch(size -> size < 8);
        }
    }

    @Test
    void aFailingBatchFailsItsWindowsAndTheNextBatchRuns() throws Exception {
        RecordingModel model = new RecordingModel();
        model.failure = new IllegalStateException("out of memory");
        try (WindowBatcher<?, String> batcher =
                WindowBatcher.acquire(new Object(), spec(2, Duration.ofMillis(20)), () -> model)) {
            CompletableFuture<WindowBatcher.Result<String>> failed = batcher.submit(window("a"));
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("out of memory");
            model.failure = null;
            assertThat(batcher.submit(window("b")).get(10, TimeUnit.SECONDS).value())
                    .isEqualTo("b");
        }
    }

    @Test
    void usersOfOneKeyShareOneModelWhichTheLastOneCloses() {
        AtomicInteger opened = new AtomicInteger();
        RecordingModel model = new RecordingModel();
        Object key = new Object();
        WindowBatcher<?, String> a = WindowBatcher.acquire(key, spec(2, Duration.ofMillis(10)), () -> {
            opened.incrementAndGet();
            return model;
        });
        WindowBatcher<?, String> b = WindowBatcher.acquire(key, spec(2, Duration.ofMillis(10)), () -> {
            opened.incrementAndGet();
            return model;
        });
        assertThat(b).isSameAs(a);
        assertThat(opened).hasValue(1);
        a.close();
        assertThat(model.closed).isFalse();
        b.close();
        assertThat(model.closed).isTrue();
        RecordingModel second = new RecordingModel();
        try (WindowBatcher<?, String> c = WindowBatcher.acquire(key, spec(2, Duration.ofMillis(10)), () -> second)) {
            assertThat(c).as("after the last close, the key opens a new model").isNotSameAs(a);
        }
    }

    @Test
    void closeCancelsTheBatchInFlightWaitsForItAndFailsTheWindowsStillQueued() throws Exception {
        RecordingModel model = new RecordingModel();
        model.gate = new CountDownLatch(1); // a batch that would run until cancelled
        WindowBatcher<?, String> batcher = WindowBatcher.acquire(new Object(), spec(1, Duration.ZERO), () -> model);
        CompletableFuture<WindowBatcher.Result<String>> inFlight = batcher.submit(window("running"));
        model.entered.await();
        CompletableFuture<WindowBatcher.Result<String>> queued = batcher.submit(window("queued"));
        batcher.close();
        assertThat(model.closed).isTrue();
        assertThat(model.running).as("no run outlives close").hasValue(0);
        assertThatThrownBy(() -> inFlight.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cancelled");
        // still queued, or already filled behind the running batch: it fails either way, never runs
        assertThatThrownBy(() -> queued.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageMatching(".*(batcher was closed|batch runner is closed|cancelled by close).*");
        assertThat(model.batches).as("batches that ran to the end").isEmpty();
    }
}
