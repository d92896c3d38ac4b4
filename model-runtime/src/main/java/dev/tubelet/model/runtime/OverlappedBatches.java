package dev.tubelet.model.runtime;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two batches in flight per model: the caller fills the next batch's input tensor while a run
 * thread runs the current one, so the model (a GPU above all) does not idle during every fill.
 * Completions go out on a third thread, so whatever the callers chain on the futures never holds
 * the run thread. At most {@code depth} filled batches wait for the run thread; {@link #submit}
 * blocks beyond that, which bounds the buffers in use to {@code depth + 2}.
 *
 * <p>{@code bench runtime} measures it against a bare loop ({@link RuntimeBenchmark}); the
 * inference operator runs every batch through one.
 *
 * @param <I> what a batch holds (clips, windows)
 * @param <F> a filled batch
 * @param <R> the answer for one item
 */
public final class OverlappedBatches<I, F, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlappedBatches.class);

    /** The two halves of a batch. */
    public interface Stages<I, F, R> {
        /** Fills a batch's input; on the submitting thread. */
        F fill(List<I> items) throws Exception;

        /** Runs a filled batch; on the run thread. One answer per item, in order. */
        List<R> run(F filled) throws Exception;

        /** Gives back a filled batch that will not run. */
        void discard(F filled);
    }

    /**
     * A batch done.
     *
     * @param answers one per item, in order
     * @param fillNanos wall time of its fill
     * @param fillCpuNanos CPU time of its fill (less than the wall time when the run competes for cores)
     * @param waitNanos time it waited for the run thread
     * @param runNanos wall time of its run
     */
    public record Done<R>(List<R> answers, long fillNanos, long fillCpuNanos, long waitNanos, long runNanos) {}

    private record Queued<F, R>(
            F filled, long fillNanos, long fillCpuNanos, long filledAt, CompletableFuture<Done<R>> future) {}

    private final Stages<I, F, R> stages;
    private final BlockingQueue<Queued<F, R>> filled;
    private final Thread runner;
    private final ExecutorService completer;
    private final LongAdder fillNanos = new LongAdder();
    private final LongAdder runNanos = new LongAdder();
    private volatile boolean open = true;

    /**
     * @param name names the threads ({@code tubelet-run-NAME}, {@code tubelet-complete-NAME})
     * @param stages fill and run
     * @param depth filled batches that may wait for the run thread (1: one runs, one waits)
     */
    public OverlappedBatches(String name, Stages<I, F, R> stages, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, found " + depth);
        }
        this.stages = stages;
        this.filled = new ArrayBlockingQueue<>(depth);
        this.completer = Executors.newSingleThreadExecutor(r -> daemon(r, "tubelet-complete-" + name));
        this.runner = daemon(this::runLoop, "tubelet-run-" + name);
        this.runner.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Fills a batch on the calling thread and queues it for the run thread, waiting while
     * {@code depth} filled batches already wait.
     *
     * @param items the batch
     * @return completes (on the completion thread) when the batch has run; exceptionally when the
     *     fill or the run failed or this was closed
     */
    public CompletableFuture<Done<R>> submit(List<I> items) {
        CompletableFuture<Done<R>> future = new CompletableFuture<>();
        if (!open) {
            future.completeExceptionally(new IllegalStateException("the batch runner is closed"));
            return future;
        }
        long start = System.nanoTime();
        long cpuStart = InferenceTimings.cpuNow();
        F batch;
        try {
            batch = stages.fill(items);
        } catch (Exception | Error e) {
            future.completeExceptionally(e);
            return future;
        }
        long fill = System.nanoTime() - start;
        long fillCpu = InferenceTimings.cpuNow() - cpuStart;
        fillNanos.add(fill);
        Queued<F, R> queued = new Queued<>(batch, fill, fillCpu, System.nanoTime(), future);
        try {
            while (!filled.offer(queued, 100, TimeUnit.MILLISECONDS)) {
                if (!open) {
                    stages.discard(batch);
                    future.completeExceptionally(new IllegalStateException("the batch runner is closed"));
                    return future;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stages.discard(batch);
            future.completeExceptionally(e);
        }
        return future;
    }

    private void runLoop() {
        while (open || !filled.isEmpty()) {
            Queued<F, R> next;
            try {
                next = filled.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (next == null) {
                continue;
            }
            long start = System.nanoTime();
            try {
                List<R> answers = stages.run(next.filled());
                long run = System.nanoTime() - start;
                runNanos.add(run);
                Done<R> done = new Done<>(answers, next.fillNanos(), next.fillCpuNanos(), start - next.filledAt(), run);
                completer.execute(() -> next.future().complete(done));
            } catch (Exception | Error e) {
                runNanos.add(System.nanoTime() - start);
                completer.execute(() -> next.future().completeExceptionally(e));
            }
        }
    }

    /** @return wall time spent filling, nanoseconds, since this started */
    public long fillNanos() {
        return fillNanos.sum();
    }

    /** @return wall time spent running, nanoseconds, since this started */
    public long runNanos() {
        return runNanos.sum();
    }

    /**
     * How much of the shorter stage was hidden behind the other: 1 when fill and run overlapped
     * completely, 0 when they took turns.
     *
     * @param wallNanos the wall time the fills and runs were measured over
     * @param fill wall time filling in that span
     * @param run wall time running in that span
     * @return the overlap achieved, 0 to 1
     */
    public static double overlap(long wallNanos, long fill, long run) {
        long shorter = Math.min(fill, run);
        if (shorter <= 0) {
            return 0;
        }
        double hidden = fill + run - wallNanos;
        return Math.max(0, Math.min(1, hidden / shorter));
    }

    /**
     * Stops taking batches; the batches already filled still run (the stages' model must stay open
     * until this returns). Waits for the run thread and the completions.
     */
    @Override
    public void close() {
        open = false;
        boolean interrupted = false;
        try {
            runner.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        completer.shutdown();
        try {
            if (!completer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("completions still running 30 s after close");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
