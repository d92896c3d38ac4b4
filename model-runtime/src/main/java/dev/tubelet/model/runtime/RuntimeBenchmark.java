package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tubelet.model.preprocess.FramePlanes;
import java.nio.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Measures what the runtime adds on top of the model: batches as the job runs them (filled from
 * 8-bit planes on one thread while the previous batch runs on another, {@link OverlappedBatches},
 * then post-processed) against a bare {@code OrtSession.run} loop on a tensor filled once, on the
 * same shared session, in alternating rounds so that both see the same machine conditions.
 */
public final class RuntimeBenchmark {
    private static final int ROUNDS = 6;

    /**
     * @param clipsPerSecond clips processed per second of wall time
     * @param p50Ms median latency of one call (one batch)
     * @param p99Ms 99th percentile latency of one call
     * @param calls number of calls measured
     */
    public record Figures(double clipsPerSecond, double p50Ms, double p99Ms, int calls) {}

    /**
     * Where a batch's time went in the runtime's loop, medians per batch.
     *
     * @param fillMs filling the input tensor
     * @param runMs running the graph (and reading its output)
     * @param endToEndMs from submitting the batch to its completion (fill, wait, run, completion)
     * @param overlap how much of the shorter stage was hidden behind the other, 0 to 1
     */
    public record Stages(double fillMs, double runMs, double endToEndMs, double overlap) {}

    /**
     * @param runtime the runtime's figures (latency: submit to completion)
     * @param bare the bare loop's figures
     * @param stages where the runtime's batches spent their time
     * @param batch clips per call
     */
    public record Result(Figures runtime, Figures bare, Stages stages, int batch) {
        /** @return runtime clips/s over bare clips/s */
        public double ratio() {
            return runtime.clipsPerSecond() / bare.clipsPerSecond();
        }
    }

    private RuntimeBenchmark() {}

    /**
     * @param classifier an open classifier
     * @param batch clips per call (at most the classifier's batch capacity)
     * @param duration total measuring time, split between the two loops
     * @return both loops' figures
     * @throws OrtException when ONNX Runtime fails
     */
    public static Result run(ClipClassifier classifier, int batch, Duration duration) throws OrtException {
        return run(classifier.session(), classifier, batch, duration);
    }

    /**
     * @param scorer an open anomaly model
     * @param batch clips per call (at most its batch capacity)
     * @param duration total measuring time, split between the two loops
     * @return both loops' figures
     * @throws OrtException when ONNX Runtime fails
     */
    public static Result run(AnomalyScorer scorer, int batch, Duration duration) throws OrtException {
        return run(scorer.session(), scorer, batch, duration);
    }

    private static <R> Result run(
            ModelSession model, OverlappedBatches.Stages<Clip, FilledBatch, R> steps, int batch, Duration duration)
            throws OrtException {
        ModelInfo info = model.info();
        List<Clip> clips = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int b = 0; b < batch; b++) {
            List<FramePlanes> frames = new ArrayList<>();
            for (int t = 0; t < info.frames(); t++) {
                byte[] data = new byte[3 * info.width() * info.height()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) random.nextInt(256);
                }
                frames.add(new FramePlanes(info.width(), info.height(), data));
            }
            clips.add(new Clip(frames));
        }
        int runSize = info.fixedBatch() > 0 ? info.fixedBatch() : batch;
        InputBatch filled = new InputBatch(runSize, model.writer().clipElements(), model.feed());
        for (int b = 0; b < Math.min(batch, runSize); b++) {
            filled.write(model.writer(), clips.get(b), b);
        }
        long[] shape = info.layout().shape(runSize, info.frames(), info.height(), info.width());
        ModelSignature signature = model.signature();
        List<Long> bareNanos = new ArrayList<>();
        List<Long> runtimeNanos = new ArrayList<>();
        long roundNanos = duration.toNanos() / (2L * ROUNDS);
        List<Long> fillNanos = new ArrayList<>();
        List<Long> runNanos = new ArrayList<>();
        long runtimeWall = 0;
        long overlapWall = 0;
        long overlapFill = 0;
        long overlapRun = 0;
        try (OnnxTensor tensor = filled.tensor(model.environment(), shape);
                OverlappedBatches<Clip, FilledBatch, R> batches = new OverlappedBatches<>("bench", steps, 1)) {
            Map<String, OnnxTensor> inputs = Map.of(model.pixelInput(), tensor);
            for (int round = 0; round < ROUNDS; round++) {
                long end = System.nanoTime() + roundNanos;
                int calls = 0;
                while (calls < 2 || System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try (OrtSession.Result result = model.run(inputs)) {
                        // Read the output as the runtime does, so both loops pay for its copy.
                        OnnxTensor logits = (OnnxTensor) result.get(0);
                        Buffer copy = info.float16() ? logits.getShortBuffer() : logits.getFloatBuffer();
                        copy.rewind();
                    }
                    bareNanos.add(System.nanoTime() - start);
                    calls++;
                }
                long roundStart = System.nanoTime();
                long fillBefore = batches.fillNanos();
                long runBefore = batches.runNanos();
                end = roundStart + roundNanos;
                calls = 0;
                List<CompletableFuture<?>> pending = new ArrayList<>();
                while (calls < 2 || System.nanoTime() < end) {
                    long start = System.nanoTime();
                    pending.add(batches.submit(clips).thenAccept(done -> {
                        synchronized (runtimeNanos) {
                            runtimeNanos.add(System.nanoTime() - start);
                            fillNanos.add(done.fillNanos());
                            runNanos.add(done.runNanos());
                        }
                    }));
                    calls++;
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .join();
                runtimeWall += System.nanoTime() - roundStart;
                overlapWall += System.nanoTime() - roundStart;
                overlapFill += batches.fillNanos() - fillBefore;
                overlapRun += batches.runNanos() - runBefore;
            }
        }
        long[] fills = fillNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] runs = runNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] ends = runtimeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Stages stages = new Stages(
                percentile(fills, 0.5) / 1e6,
                percentile(runs, 0.5) / 1e6,
                percentile(ends, 0.5) / 1e6,
                OverlappedBatches.overlap(overlapWall, overlapFill, overlapRun));
        Figures runtime = new Figures(
                runtimeNanos.size() * (double) batch / (runtimeWall / 1e9),
                percentile(ends, 0.50) / 1e6,
                percentile(ends, 0.99) / 1e6,
                runtimeNanos.size());
        return new Result(runtime, figures(bareNanos, batch), stages, batch);
    }

    private static Figures figures(List<Long> nanos, int batch) {
        long total = 0;
        for (long n : nanos) {
            total += n;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Figures(
                nanos.size() * (double) batch / (total / 1e9),
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                nanos.size());
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
