package dev.tubelet.operators.inference;

import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ClipModel;
import dev.tubelet.model.runtime.FilledBatch;
import dev.tubelet.model.runtime.InferenceTimings;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.model.runtime.OverlappedBatches;
import dev.tubelet.operators.window.ClipWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batching queue per model per JVM: every inference operator instance (slot) of a
 * TaskManager hands its windows here; a collecting thread gathers batches of up to
 * {@code maxBatch} (waiting at most {@code maxWait} for one to fill) and fills each batch's input
 * tensor while the previous batch runs ({@link OverlappedBatches}: two batches in flight per
 * model, completions off the run thread). Callers get a future per window. Reference counted: the
 * last user closes it (and its model's reference to the shared session; the ONNX Runtime
 * environment stays).
 *
 * @param <F> the model's filled batch
 * @param <R> the model's answer for one window
 */
final class WindowBatcher<F, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WindowBatcher.class);
    private static final Map<Object, WindowBatcher<?, ?>> SHARED = new HashMap<>();

    /** A model that answers windows in batches, in two halves (fill on the CPU, then run): the overlapped stages. */
    interface Model<F, R> extends OverlappedBatches.Stages<ClipWindow, F, R>, AutoCloseable {
        ModelInfo info();

        /** @return the model's time so far */
        InferenceTimings timings();

        /** @return windows per batch at most (a fixed-batch graph's size can be below the spec's) */
        int capacity();

        /** Cancels a run in flight (it throws), waits for it to return, then lets go of the model. */
        @Override
        void close();
    }

    /**
     * The model's answer for one window, with its batch's figures.
     *
     * @param value the answer
     * @param inferenceMs the batch's wall time filling and running (not waiting)
     * @param batchSize windows in the batch
     * @param tensorFillCpuNanos this window's share of the batch's tensor filling (CPU)
     * @param runNanos this window's share of the batch's model run (wall)
     */
    record Result<R>(R value, double inferenceMs, int batchSize, long tensorFillCpuNanos, long runNanos) {}

    private record Pending<R>(ClipWindow window, CompletableFuture<Result<R>> future) {}

    private final Object key;
    private final InferenceSpec spec;
    private final Model<F, R> model;
    private final OverlappedBatches<ClipWindow, F, R> batches;
    private final LinkedBlockingQueue<Pending<R>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private int references;
    private volatile boolean running = true;

    private WindowBatcher(Object key, InferenceSpec spec, Model<F, R> model) {
        this.key = key;
        this.spec = spec;
        this.model = model;
        this.batches = new OverlappedBatches<>(model.info().name(), model, 1);
        this.worker = new Thread(this::collect, "tubelet-batch-" + model.info().name());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * @param key what makes two users share a batcher (the spec, and the kind of model)
     * @param spec batching settings
     * @param opener opens the model when no batcher exists for the key
     * @return the shared batcher; close it when done
     */
    @SuppressWarnings("unchecked")
    static synchronized <F, R> WindowBatcher<F, R> acquire(
            Object key, InferenceSpec spec, java.util.function.Supplier<Model<F, R>> opener) {
        WindowBatcher<F, R> batcher =
                (WindowBatcher<F, R>) SHARED.computeIfAbsent(key, k -> new WindowBatcher<>(k, spec, opener.get()));
        batcher.references++;
        return batcher;
    }

    /** The classifier's batcher for a spec. */
    static WindowBatcher<FilledBatch, Prediction> classifier(InferenceSpec spec) {
        return acquire(
                spec,
                spec,
                () -> new OverWindows<>(ClipClassifier.open(ClassifierOptions.builder(Path.of(spec.modelPath()))
                        .execution(spec.execution())
                        .maxBatch(spec.maxBatch())
                        .build())));
    }

    /** A model of clips (the classifier, the anomaly model) over windows: each window is its clip. */
    record OverWindows<R>(ClipModel<R> model) implements Model<FilledBatch, R> {
        @Override
        public ModelInfo info() {
            return model.info();
        }

        @Override
        public InferenceTimings timings() {
            return model.timings();
        }

        @Override
        public int capacity() {
            return model.batchCapacity();
        }

        @Override
        public FilledBatch fill(List<ClipWindow> windows) {
            List<Clip> clips = new ArrayList<>(windows.size());
            for (ClipWindow w : windows) {
                clips.add(clip(w));
            }
            return model.fill(clips);
        }

        @Override
        public List<R> run(FilledBatch filled) throws Exception {
            return model.run(filled);
        }

        @Override
        public void discard(FilledBatch filled) {
            model.discard(filled);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** @return the window's frames as the model's clip (the planes are shared, not copied) */
    static Clip clip(ClipWindow w) {
        List<FramePlanes> frames = new ArrayList<>(w.frames.length);
        for (int i = 0; i < w.frames.length; i++) {
            frames.add(new FramePlanes(w.width, w.height, w.pixels, i * w.frameBytes()));
        }
        return new Clip(frames);
    }

    ModelInfo model() {
        return model.info();
    }

    CompletableFuture<Result<R>> submit(ClipWindow window) {
        CompletableFuture<Result<R>> future = new CompletableFuture<>();
        queue.add(new Pending<>(window, future));
        return future;
    }

    /** Gathers batches and fills them; the overlapped runner runs them while the next one fills. */
    private void collect() {
        int maxBatch = spec.maxBatch() > 0 ? Math.min(spec.maxBatch(), model.capacity()) : model.capacity();
        while (running) {
            List<Pending<R>> batch = new ArrayList<>(maxBatch);
            try {
                Pending<R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + spec.maxWait().toNanos();
                while (batch.size() < maxBatch && running) {
                    long left = deadline - System.nanoTime();
                    Pending<R> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                // nobody interrupts the worker; if something does, it stops like a close
                fail(batch, e);
                break;
            }
            submit(batch);
        }
        IllegalStateException closed = new IllegalStateException("the inference batcher was closed");
        for (Pending<R> p : queue) {
            p.future().completeExceptionally(closed);
        }
    }

    private void submit(List<Pending<R>> batch) {
        List<ClipWindow> windows = new ArrayList<>(batch.size());
        for (Pending<R> p : batch) {
            windows.add(p.window());
        }
        batches.submit(windows).whenComplete((done, error) -> {
            if (error != null) {
                LOG.error("inference failed for a batch of {} windows: {}", batch.size(), error.toString());
                fail(batch, error);
                return;
            }
            double ms = (done.fillNanos() + done.runNanos()) / 1e6;
            long fill = done.fillCpuNanos() / batch.size();
            long run = done.runNanos() / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).future().complete(new Result<>(done.answers().get(i), ms, batch.size(), fill, run));
            }
        });
    }

    private static <R> void fail(List<Pending<R>> batch, Throwable e) {
        for (Pending<R> p : batch) {
            p.future().completeExceptionally(e);
        }
    }

    /**
     * Releases this user's reference; the last one stops collecting, closes the model (which
     * cancels a batch in flight and waits for it to return: the session must not close under a
     * run) and stops the runner. The windows of batches in flight and those still queued fail with
     * an exception.
     */
    @Override
    public void close() {
        synchronized (WindowBatcher.class) {
            if (--references > 0) {
                return;
            }
            SHARED.remove(key);
        }
        running = false;
        model.close();
        batches.close();
        boolean interrupted = false;
        long since = System.nanoTime();
        while (worker.isAlive()) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (worker.isAlive()) {
                LOG.warn(
                        "closing the {} batcher waits for its worker ({} s so far)",
                        model.info().name(),
                        (System.nanoTime() - since) / 1_000_000_000L);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
