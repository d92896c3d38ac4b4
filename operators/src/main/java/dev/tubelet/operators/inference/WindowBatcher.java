package dev.tubelet.operators.inference;

import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.Clip;
import dev.tubelet.model.runtime.ModelInfo;
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
 * TaskManager hands its windows here, and a single worker runs them through the model in batches
 * of up to {@code maxBatch}, waiting at most {@code maxWait} for a batch to fill. Callers get a
 * future per window. Reference counted: the last user closes it (and its classifier's reference
 * to the shared session; the ONNX Runtime environment stays).
 */
final class WindowBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WindowBatcher.class);
    private static final Map<InferenceSpec, WindowBatcher> SHARED = new HashMap<>();

    /** The model's answer for one window, with its batch's figures. */
    record Result(Prediction prediction, double inferenceMs, int batchSize) {}

    private record Pending(ClipWindow window, CompletableFuture<Result> future) {}

    private final InferenceSpec spec;
    private final ClipClassifier classifier;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private int references;
    private volatile boolean running = true;

    private WindowBatcher(InferenceSpec spec) {
        this.spec = spec;
        this.classifier = ClipClassifier.open(ClassifierOptions.builder(Path.of(spec.modelPath())).execution(spec.execution())
                .maxBatch(spec.maxBatch()).build());
        this.worker = new Thread(this::run, "tubelet-inference-" + classifier.info().name());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    static synchronized WindowBatcher acquire(InferenceSpec spec) {
        WindowBatcher batcher = SHARED.computeIfAbsent(spec, WindowBatcher::new);
        batcher.references++;
        return batcher;
    }

    ModelInfo model() {
        return classifier.info();
    }

    CompletableFuture<Result> submit(ClipWindow window) {
        CompletableFuture<Result> future = new CompletableFuture<>();
        queue.add(new Pending(window, future));
        return future;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(spec.maxBatch());
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + spec.maxWait().toNanos();
                while (batch.size() < spec.maxBatch()) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                infer(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        for (Pending p : queue) {
            p.future().completeExceptionally(new IllegalStateException("the inference batcher was closed"));
        }
    }

    private void infer(List<Pending> batch) {
        List<Clip> clips = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            ClipWindow w = p.window();
            List<FramePlanes> frames = new ArrayList<>(w.planes.length);
            for (byte[] planes : w.planes) {
                frames.add(new FramePlanes(w.width, w.height, planes));
            }
            clips.add(new Clip(frames));
        }
        long start = System.nanoTime();
        try {
            List<Prediction> predictions = classifier.infer(clips);
            double ms = (System.nanoTime() - start) / 1e6;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).future().complete(new Result(predictions.get(i), ms, batch.size()));
            }
        } catch (Exception | Error e) {
            LOG.error("inference failed for a batch of {} windows: {}", batch.size(), e.toString());
            for (Pending p : batch) {
                p.future().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (WindowBatcher.class) {
            if (--references > 0) {
                return;
            }
            SHARED.remove(spec);
        }
        running = false;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        classifier.close();
    }
}
