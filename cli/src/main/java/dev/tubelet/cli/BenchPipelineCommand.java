package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.cli.bench.PipelineBenchmark;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.ModelInspection;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
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

/** {@code tubelet bench pipeline}: synthetic cameras through the embedded broker and the job, both delivery modes. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Synthetic cameras (320x240 JPEG, real time) through the embedded Kafka broker and the job on a MiniCluster; "
                        + "sustained frames/s and windows/s, whether the job kept up, capture-to-event latency p50/p95/p99 as a "
                        + "read_committed consumer sees it, and checkpointed state per camera, for each delivery mode in one run.")
final class BenchPipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--cameras",
            paramLabel = "N",
            defaultValue = "4",
            description = "Cameras (default: ${DEFAULT-VALUE}).")
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
            defaultValue = "30",
            description = "Sending time per delivery mode (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--model",
            paramLabel = "PATH",
            description =
                    "Model to run (default: a generated tiny VideoMAE, 16x224x224, so that the pipeline, not the model, is measured).")
    Path model;

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
            names = "--detect",
            description = "Run each delivery mode twice, without and with detection (motion boxes, a tiny "
                    + "detection model, tracking), side by side: what detection costs the pipeline.")
    boolean detect;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (cameras < 1 || fps <= 0 || seconds <= 0) {
            throw new IllegalArgumentException(
                    "--cameras, --fps and --seconds must be positive, found " + cameras + ", " + fps + ", " + seconds);
        }
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        Map<String, String> runtime = JobOptionFlags.given(spec, List.of(JobOptions.RUNTIME));
        Path modelPath = model;
        if (modelPath == null) {
            modelPath = TinyModels.classifier(Files.createTempDirectory("tubelet-bench-model"));
        }
        ModelInfo info = ModelInspection.classifier(modelPath, JobConfigReader.execution(runtime));
        List<Delivery> modes = delivery.equals("both")
                ? List.of(Delivery.EXACTLY_ONCE, Delivery.AT_LEAST_ONCE)
                : List.of(Delivery.parse(delivery));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("cameras", cameras);
        out.put("fps_per_camera", fps);
        out.put("seconds", seconds);
        out.put("model", info.name());
        out.put("model_input", info.frames() + "x" + info.height() + "x" + info.width());
        out.put("provider", info.provider().name());
        ArrayNode runs = out.putArray("runs");
        Path detector = detect ? TinyModels.detector(Files.createTempDirectory("tubelet-bench-detector"), info) : null;
        List<Boolean> variants = detect ? List.of(false, true) : List.of(false);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            for (Delivery mode : modes) {
                for (boolean withDetection : variants) {
                    // the job's own option defaults, as `tubelet job` would run it
                    Map<String, String> values = new LinkedHashMap<>(runtime);
                    values.put(JobOptions.BOOTSTRAP.key(), kafka.bootstrapServers());
                    values.put(JobOptions.MODEL.key(), modelPath.toString());
                    values.put(JobOptions.DELIVERY.key(), mode.text());
                    values.put(JobOptions.CHECKPOINT_INTERVAL_MS.key(), Long.toString(checkpointIntervalMs));
                    if (withDetection) {
                        values.put(JobOptions.DETECT_MODEL.key(), detector.toString());
                        values.put(JobOptions.BOXES.key(), "motion");
                    }
                    PreparedJob job = PreparedJob.prepare(JobConfigReader.read(values));
                    PipelineBenchmark.Figures f = PipelineBenchmark.run(kafka, job, cameras, fps, seconds, freePort());
                    ObjectNode r = runs.addObject();
                    r.put("delivery", mode.text());
                    r.put("detection", withDetection);
                    r.put("frames_per_s", round(f.framesPerSecond()));
                    r.put("windows_per_s", round(f.windowsPerSecond()));
                    r.put("windows_expected", f.expectedWindows());
                    r.put("windows_received", f.receivedWindows());
                    r.put("kept_up", f.keptUp());
                    r.put("latency_p50_ms", round(f.p50Ms()));
                    r.put("latency_p95_ms", round(f.p95Ms()));
                    r.put("latency_p99_ms", round(f.p99Ms()));
                    r.put("state_bytes_per_camera", f.stateBytesPerCamera());
                    if (!json) {
                        spec.commandLine()
                                .getOut()
                                .printf(
                                        Locale.ROOT,
                                        "%s%s: %.1f frames/s, %.2f windows/s (%d of %d), kept up: %s, "
                                                + "capture-to-event p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, state %d bytes/camera%n",
                                        r.get("delivery").asText(),
                                        withDetection ? " + detection" : "",
                                        f.framesPerSecond(),
                                        f.windowsPerSecond(),
                                        f.receivedWindows(),
                                        f.expectedWindows(),
                                        f.keptUp(),
                                        f.p50Ms(),
                                        f.p95Ms(),
                                        f.p99Ms(),
                                        f.stateBytesPerCamera());
                    }
                }
            }
        }
        if (json) {
            spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
