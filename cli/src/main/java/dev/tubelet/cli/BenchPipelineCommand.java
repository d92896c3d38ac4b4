package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.cli.bench.CameraSearch;
import dev.tubelet.cli.bench.MemoryTrend;
import dev.tubelet.cli.bench.PipelineBenchmark;
import dev.tubelet.cli.bench.ProcessLoad;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.ModelInspection;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ModelInfo;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet bench pipeline}: synthetic cameras through the embedded broker and the job. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Synthetic cameras (320x240 JPEG of 12-15 KB, real time, messages encoded ahead so that the producer is "
                    + "never the limit) through the embedded Kafka broker and the job on a MiniCluster. The cameras join "
                    + "one by one over the first three quarters of a warm-up that is sent but not timed; then all of "
                    + "them send for the measured seconds: frames/s and windows/s, whether the job kept up, capture-to-event "
                    + "latency p50/p95/p99 as a read_committed consumer sees it, CPU milliseconds per frame by stage "
                    + "(from the job's metrics) and the last checkpoint's size and duration, for each delivery mode.",
            "Kept up means: every expected window arrived, the producer never fell more than 1 s behind its "
                    + "schedule (warm-up included), the p95 latency of the last third of the run is at most max(2 x "
                    + "the first third's, the first third's + 1 s), and neither third's p95 exceeds the same bound "
                    + "from the p95 of the first 10 s of sending (the first cameras only: the pipeline's own latency): "
                    + "a run that starts behind and drains its backlog does not keep up."
        })
final class BenchPipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--cameras",
            paramLabel = "N",
            defaultValue = "4",
            description = "Cameras; with --find-max, where the search starts (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--fps",
            paramLabel = "F",
            defaultValue = "15",
            description = "Frames per second per camera (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Measured sending time per run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--warmup-s",
            paramLabel = "S",
            defaultValue = "40",
            description = "Sending time before it, not timed, while the cameras join: the JVM compiles the hot "
                    + "paths (on 2 cores that takes about 30 s under load; a shorter warm-up leaves a backlog "
                    + "that the measured seconds inherit) (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--frame-size",
            paramLabel = "WxH",
            defaultValue = "320x240",
            description = "Size of the cameras' JPEG frames (default: ${DEFAULT-VALUE}); 298x224 is what "
                    + "`tubelet ingest --model` sends 320x240 cameras as for a 224 model: the job only crops them.")
    String frameSize;

    @Option(
            names = "--model",
            paramLabel = "passthrough|tiny|PATH",
            defaultValue = "passthrough",
            description =
                    "Model to run: passthrough (generated: VideoMAE's contract, 16x224x224, 400 classes, one pass "
                            + "over the input, so that the pipeline, not the model, is measured), tiny (a generated tiny "
                            + "VideoMAE), or a model directory. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--delivery",
            paramLabel = "both|exactly-once|at-least-once",
            defaultValue = "both",
            description = "Default: ${DEFAULT-VALUE}.")
    String delivery;

    @Option(
            names = "--checkpoint-interval-ms",
            paramLabel = "MS",
            defaultValue = "2000",
            description = "Default: ${DEFAULT-VALUE}.")
    long checkpointIntervalMs;

    @Option(
            names = "--parallelism",
            paramLabel = "P",
            defaultValue = "1",
            description = "The job's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--detect",
            description = "Run each delivery mode twice, without and with detection (motion boxes, a tiny "
                    + "detection model, tracking), side by side: what detection costs the pipeline.")
    boolean detect;

    @Option(
            names = "--find-max",
            description = "Search the largest number of cameras that keeps up at --fps (doubling from --cameras, "
                    + "then halving the interval to within 1/16), for each delivery mode; report it with every trial.")
    boolean findMax;

    @Option(
            names = "--memory-every-s",
            paramLabel = "S",
            defaultValue = "30",
            description = "Seconds between memory samples of the benchmark's process (a full collection, then heap "
                    + "in use and RSS); their slopes after the warm-up, in MB per minute, tell a leak from a "
                    + "plateau on long runs (--seconds 1800); 0 = none (default: ${DEFAULT-VALUE}).")
    double memoryEverySeconds;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (cameras < 1 || fps <= 0 || seconds <= 0 || warmupSeconds < 0 || parallelism < 1) {
            throw new IllegalArgumentException("--cameras, --fps, --seconds and --parallelism must be positive and "
                    + "--warmup-s not negative, found " + cameras + ", " + fps + ", " + seconds + ", " + parallelism
                    + ", " + warmupSeconds);
        }
        if (findMax && detect) {
            throw new IllegalArgumentException("--find-max: expected one configuration to search, found --detect too");
        }
        int[] size = parseSize(frameSize);
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        Map<String, String> runtime = JobOptionFlags.given(spec, List.of(JobOptions.RUNTIME));
        Path modelPath = switch (model) {
            case "passthrough" -> TinyModels.passThrough(Files.createTempDirectory("tubelet-bench-model"));
            case "tiny" -> TinyModels.classifier(Files.createTempDirectory("tubelet-bench-model"));
            default -> Path.of(model);
        };
        ExecutionOptions execution = JobConfigReader.execution(runtime);
        ModelInfo info = ModelInspection.classifier(modelPath);
        List<Delivery> modes = delivery.equals("both")
                ? List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE)
                : List.of(Delivery.parse(delivery));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("fps_per_camera", fps);
        out.put("frame_size", size[0] + "x" + size[1]);
        out.put("seconds", seconds);
        out.put("warmup_s", warmupSeconds);
        out.put("model", model.equals("passthrough") || model.equals("tiny") ? model : info.name());
        out.put("model_input", info.frames() + "x" + info.height() + "x" + info.width());
        out.put("provider", execution.provider().name().toLowerCase(java.util.Locale.ROOT));
        out.put("parallelism", parallelism);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        Path detector = detect ? TinyModels.detector(Files.createTempDirectory("tubelet-bench-detector"), info) : null;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            if (findMax) {
                ArrayNode searches = out.putArray("find_max");
                for (Delivery mode : modes) {
                    PreparedJob job = job(runtime, kafka, modelPath, mode, null);
                    ObjectNode search = searches.addObject();
                    search.put("delivery", mode.text());
                    ArrayNode trials = search.putArray("trials");
                    int best = CameraSearch.largestKeptUp(cameras, n -> {
                        PipelineBenchmark.Figures f = PipelineBenchmark.run(
                                kafka, job, n, fps, seconds, warmupSeconds, size, freePort(), memoryEverySeconds);
                        put(trials.addObject(), f, false);
                        print(f, false);
                        return f.keptUp();
                    });
                    search.put("max_cameras_kept_up", best);
                    if (!json) {
                        spec.commandLine()
                                .getOut()
                                .printf(
                                        Locale.ROOT,
                                        "%s: at most %d cameras at %.0f fps keep up%n",
                                        mode.text(),
                                        best,
                                        fps);
                    }
                }
            } else {
                out.put("cameras", cameras);
                ArrayNode runs = out.putArray("runs");
                for (Delivery mode : modes) {
                    for (boolean withDetection : detect ? List.of(false, true) : List.of(false)) {
                        PreparedJob job = job(runtime, kafka, modelPath, mode, withDetection ? detector : null);
                        PipelineBenchmark.Figures f = PipelineBenchmark.run(
                                kafka, job, cameras, fps, seconds, warmupSeconds, size, freePort(), memoryEverySeconds);
                        put(runs.addObject(), f, withDetection);
                        print(f, withDetection);
                    }
                }
            }
        }
        if (json) {
            spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        }
        return 0;
    }

    /** The job as {@code tubelet job} would run it with these flags, on the benchmark's broker. */
    private PreparedJob job(
            Map<String, String> runtime, EmbeddedKafka kafka, Path modelPath, Delivery mode, Path detector) {
        Map<String, String> values = new LinkedHashMap<>(runtime);
        values.put(JobOptions.BOOTSTRAP.key(), kafka.bootstrapServers());
        values.put(JobOptions.MODEL.key(), modelPath.toString());
        values.put(JobOptions.DELIVERY.key(), mode.text());
        values.put(JobOptions.CHECKPOINT_INTERVAL_MS.key(), Long.toString(checkpointIntervalMs));
        values.put(JobOptions.PARALLELISM.key(), Integer.toString(parallelism));
        if (detector != null) {
            values.put(JobOptions.DETECT_MODEL.key(), detector.toString());
            values.put(JobOptions.BOXES.key(), "motion");
        }
        return PreparedJob.prepare(JobConfigReader.read(values));
    }

    private static void put(ObjectNode r, PipelineBenchmark.Figures f, boolean withDetection) {
        r.put("delivery", f.delivery().text());
        r.put("detection", withDetection);
        r.put("cameras", f.cameras());
        r.put("frames_per_s", round(f.framesPerSecond()));
        r.put("windows_per_s", round(f.windowsPerSecond()));
        r.put("windows_expected", f.expectedWindows());
        r.put("windows_received", f.receivedWindows());
        r.put("kept_up", f.keptUp());
        if (!f.keptUp()) {
            r.put("not_kept_up_because", f.keptUpReason());
        }
        r.put("producer_behind_max_s", round(f.producerBehindS()));
        r.put("latency_p50_ms", round(f.p50Ms()));
        r.put("latency_p95_ms", round(f.p95Ms()));
        r.put("latency_p99_ms", round(f.p99Ms()));
        r.put("latency_p95_first_10s_ms", round(f.p95UnloadedMs()));
        r.put("latency_p95_first_third_ms", round(f.p95FirstThirdMs()));
        r.put("latency_p95_last_third_ms", round(f.p95LastThirdMs()));
        ObjectNode cpu = r.putObject("cpu_ms_per_frame");
        f.cpuMsPerFrame().forEach(cpu::put);
        r.put("checkpoint_bytes_per_camera", f.checkpointBytesPerCamera());
        r.put("checkpoint_ms", f.checkpointMs());
        r.put("checkpoints_failed", f.checkpointsFailed());
        r.put("plane_cache_hit_ratio", round(f.planeCacheHitRatio()));
        // the whole process (broker, producer, job): how many cores the run took, and how much the JIT
        putLoad(r.putObject("process_warmup"), f.warmup());
        putLoad(r.putObject("process_measured"), f.measured());
        var timeline = r.putArray("latency_p95_per_10s_ms");
        f.p95Per10sMs().forEach(v -> timeline.add(v.isNaN() ? null : v));
        if (!f.memory().isEmpty()) {
            ObjectNode memory = r.putObject("memory");
            putSlope(memory, "heap_after_gc_slope_mb_per_min", f.heapSlopeMbPerMin());
            putSlope(memory, "rss_slope_mb_per_min", f.rssSlopeMbPerMin());
            var samples = memory.putArray("samples");
            for (MemoryTrend.Sample s : f.memory()) {
                ObjectNode o = samples.addObject();
                o.put("s", round(s.seconds()));
                o.put("heap_after_gc_mb", round(s.heapAfterGcMb()));
                o.put("rss_mb", round(s.rssMb()));
            }
        }
    }

    private static void putLoad(ObjectNode o, ProcessLoad.Between load) {
        o.put("cpu_cores", round(load.cores()));
        o.put("jit_ms", load.jitMs());
        o.put("jit_share", round(load.jitShare()));
    }

    /** A slope rounded to kB per minute; null when there were too few samples. */
    private static void putSlope(ObjectNode o, String name, double v) {
        if (Double.isNaN(v)) {
            o.putNull(name);
        } else {
            o.put(name, Math.round(v * 1000) / 1000.0);
        }
    }

    private void print(PipelineBenchmark.Figures f, boolean withDetection) {
        if (json) {
            return;
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%s%s, %d cameras: %.1f frames/s, %.2f windows/s (%d of %d), kept up: %s%s, "
                                + "capture-to-event p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, CPU %s ms/frame, "
                                + "checkpoint %d bytes/camera in %d ms, the process %.2f cores (%.0f%% compiling) in the "
                                + "warm-up and %.2f (%.0f%%) after it%s%n",
                        f.delivery().text(),
                        withDetection ? " + detection" : "",
                        f.cameras(),
                        f.framesPerSecond(),
                        f.windowsPerSecond(),
                        f.receivedWindows(),
                        f.expectedWindows(),
                        f.keptUp(),
                        f.keptUp() ? "" : " (" + f.keptUpReason() + ")",
                        f.p50Ms(),
                        f.p95Ms(),
                        f.p99Ms(),
                        f.cpuMsPerFrame(),
                        f.checkpointBytesPerCamera(),
                        f.checkpointMs(),
                        f.warmup().cores(),
                        100 * f.warmup().jitShare(),
                        f.measured().cores(),
                        100 * f.measured().jitShare(),
                        f.memory().size() < 3
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        ", heap after GC %+.2f MB/min, RSS %+.2f MB/min after the warm-up",
                                        f.heapSlopeMbPerMin(),
                                        f.rssSlopeMbPerMin()));
    }

    private static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = Integer.parseInt(parts[1].strip());
            if (parts.length == 2 && w >= 16 && h >= 16 && w <= 4096 && h <= 4096) {
                return new int[] {w, h};
            }
        } catch (RuntimeException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(
                "--frame-size: expected WIDTHxHEIGHT of 16 to 4096 pixels, found '" + text + "'");
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
