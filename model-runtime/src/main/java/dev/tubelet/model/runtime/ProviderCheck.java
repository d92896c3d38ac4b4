package dev.tubelet.model.runtime;

import dev.tubelet.model.ErrorMessages;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What a node can run a model on, for the day a GPU is there: ONNX Runtime's version and compiled-in
 * providers, the CUDA, cuDNN and TensorRT libraries the loader can find (and the driver's GPUs,
 * through {@code nvidia-smi}), then the model opened on each provider alone (no fallback) with the
 * time it took to open (a TensorRT engine build included) and a batch's median run time.
 *
 * <p>{@code tubelet doctor} runs it; so does {@code docker/gpu-check.sh} inside the GPU image:
 * {@code java -cp '/opt/flink/lib/*:/opt/flink/usrlib/*' dev.tubelet.model.runtime.ProviderCheck MODEL}.
 */
public final class ProviderCheck {
    private static final int RUNS = 5;

    /**
     * One provider's outcome.
     *
     * @param provider the provider
     * @param ok whether the model opened and ran on it
     * @param openMs time to open (and warm up at the largest batch)
     * @param runMs median time of one batch
     * @param batch clips per batch
     * @param detail the failure's first line, or what ran (input form)
     */
    public record Outcome(
            ExecutionProvider provider, boolean ok, double openMs, double runMs, int batch, String detail) {}

    /**
     * @param onnxRuntime ONNX Runtime's version
     * @param compiledIn the providers this build has
     * @param libraries CUDA, cuDNN and TensorRT libraries found, by name, with the versions in their file names
     * @param gpus what nvidia-smi says, or why it could not say
     * @param outcomes per provider tried
     */
    public record Report(
            String onnxRuntime,
            Set<ExecutionProvider> compiledIn,
            Map<String, List<String>> libraries,
            List<String> gpus,
            List<Outcome> outcomes) {

        /** @return whether at least one GPU provider ran the model */
        public boolean gpuRuns() {
            return outcomes.stream().anyMatch(o -> o.ok() && o.provider().isGpu());
        }
    }

    private ProviderCheck() {}

    /**
     * @param model a model directory or .onnx file
     * @param batch clips per batch (0: the provider's default)
     * @return what ran where
     */
    public static Report run(Path model, int batch) {
        Set<ExecutionProvider> compiledIn = ProviderSelector.compiledIn();
        List<Outcome> outcomes = new ArrayList<>();
        for (ExecutionProvider provider : ExecutionProvider.values()) {
            if (!compiledIn.contains(provider)) {
                outcomes.add(new Outcome(provider, false, 0, 0, 0, "not in this ONNX Runtime build"));
                continue;
            }
            outcomes.add(tryOn(model, provider, batch));
        }
        return new Report(
                OrtEnvironments.shared().getVersion(), compiledIn, libraries(), gpus(), List.copyOf(outcomes));
    }

    private static Outcome tryOn(Path model, ExecutionProvider provider, int batch) {
        ProviderPreference only = switch (provider) {
            case TENSORRT -> ProviderPreference.TENSORRT;
            case CUDA -> ProviderPreference.CUDA;
            case CPU -> ProviderPreference.CPU;
        };
        ExecutionOptions execution = ExecutionOptions.builder()
                .provider(only)
                .requireGpu(provider.isGpu())
                .build();
        long start = System.nanoTime();
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model)
                .execution(execution)
                .maxBatch(batch)
                .build())) {
            double openMs = (System.nanoTime() - start) / 1e6;
            if (classifier.info().provider() != provider) {
                return new Outcome(
                        provider,
                        false,
                        openMs,
                        0,
                        0,
                        "opened on " + classifier.info().provider());
            }
            int clips = classifier.batchCapacity();
            List<Clip> batchOfClips = java.util.Collections.nCopies(clips, blank(classifier.info()));
            long[] runs = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                classifier.infer(batchOfClips);
                runs[i] = System.nanoTime() - t;
            }
            java.util.Arrays.sort(runs);
            return new Outcome(provider, true, openMs, runs[RUNS / 2] / 1e6, clips, "ok");
        } catch (Exception | Error e) {
            return new Outcome(
                    provider,
                    false,
                    (System.nanoTime() - start) / 1e6,
                    0,
                    0,
                    ErrorMessages.firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static Clip blank(ModelInfo info) {
        var plane = new dev.tubelet.model.preprocess.FramePlanes(
                info.width(), info.height(), new byte[3 * info.width() * info.height()]);
        return new Clip(java.util.Collections.nCopies(info.frames(), plane));
    }

    /** The libraries ONNX Runtime's GPU providers load, as the dynamic loader would look for them. */
    static Map<String, List<String>> libraries() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String name : List.of("libcudart.so", "libcublas.so", "libcudnn.so", "libnvinfer.so", "libnvrtc.so")) {
            Set<String> versions = new TreeSet<>();
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*")) {
                    for (Path f : files) {
                        versions.add(f.toString());
                    }
                } catch (IOException e) {
                    // an unreadable directory is as good as none
                }
            }
            found.put(name, List.copyOf(versions));
        }
        return found;
    }

    private static List<String> gpus() {
        try {
            Process p = new ProcessBuilder(
                            "nvidia-smi", "--query-gpu=name,driver_version,memory.total", "--format=csv,noheader")
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = new String(p.getInputStream().readAllBytes())
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return lines;
        } catch (IOException e) {
            return List.of("nvidia-smi not found (no NVIDIA driver on this node, or not mounted into the container)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /**
     * @param report what {@link #run} found
     * @param out where to print it, one fact per line
     */
    public static void print(Report report, PrintWriter out) {
        out.println("ONNX Runtime " + report.onnxRuntime() + ", providers compiled in: " + report.compiledIn());
        report.libraries()
                .forEach((name, files) ->
                        out.println("  " + name + ": " + (files.isEmpty() ? "not found" : String.join(", ", files))));
        report.gpus().forEach(g -> out.println("  GPU: " + g));
        for (Outcome o : report.outcomes()) {
            out.println(
                    o.ok()
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "%-8s ok: opened in %.0f ms, a batch of %d runs in %.1f ms",
                                    o.provider(),
                                    o.openMs(),
                                    o.batch(),
                                    o.runMs())
                            : String.format(java.util.Locale.ROOT, "%-8s failed: %s", o.provider(), o.detail()));
        }
    }

    /**
     * @param args a model directory or .onnx file, optionally the batch size
     */
    public static void main(String[] args) {
        // a program of its own (docker/gpu-check.sh runs it in the GPU image, which has no command line):
        // its report is its output
        PrintWriter out = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        if (args.length < 1 || args.length > 2) {
            out.println("usage: ProviderCheck MODEL [BATCH]  (a model directory or .onnx file)");
            System.exit(2);
        }
        Report report = run(Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : 0);
        print(report, out);
        System.exit(report.gpuRuns() ? 0 : 1);
    }
}
