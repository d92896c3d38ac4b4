package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.runtime.AnomalyScorer;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.model.runtime.PixelInput;
import dev.tubelet.model.runtime.RuntimeBenchmark;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet bench runtime}: the runtime's infer against a bare OrtSession.run loop. */
@Command(
        name = "runtime",
        mixinStandardHelpOptions = true,
        description = "Clips/s and latency of the runtime's batches as the job runs them (the next batch's tensor "
                + "filled from 8-bit planes while the current one runs, scores) beside a bare OrtSession.run loop on a "
                + "prepared tensor, same session, alternating rounds; per batch: fill, run, end to end, overlap.")
final class BenchRuntimeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(
            names = "--batch",
            paramLabel = "B",
            defaultValue = "1",
            description = "Clips per call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "Measuring time, split between both loops (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--pixel-input",
            paramLabel = "auto|uint8|float",
            defaultValue = "auto",
            description = "How pixels reach the model: uint8 into a prologue in the graph that normalizes them, "
                    + "float from the runtime's tables, or auto (uint8 on a GPU, float on CPU) (default: "
                    + "${DEFAULT-VALUE}).")
    String pixelInput;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || seconds <= 0) {
            throw new IllegalArgumentException(
                    "--batch must be ≥ 1 and --seconds > 0, found " + batch + " and " + seconds);
        }
        ClassifierOptions options = model.toBuilder()
                .execution(JobOptionFlags.execution(spec))
                .maxBatch(batch)
                .pixelInput(pixelInput())
                .build();
        Duration duration = Duration.ofMillis((long) (seconds * 1000));
        if (AnomalyScorer.isAnomalyModel(model.model)) {
            try (AnomalyScorer scorer = AnomalyScorer.open(options)) {
                print(RuntimeBenchmark.run(scorer, batch, duration), scorer.info(), "anomaly");
            }
        } else {
            try (ClipClassifier classifier = ClipClassifier.open(options)) {
                print(RuntimeBenchmark.run(classifier, batch, duration), classifier.info(), "classification");
            }
        }
        return 0;
    }

    private void print(RuntimeBenchmark.Result result, ModelInfo info, String task) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        figures(out.putObject("runtime"), result.runtime());
        figures(out.putObject("bare"), result.bare());
        out.put("ratio", round(result.ratio(), 4));
        ObjectNode stages = out.putObject("runtime_batch");
        stages.put("fill_ms", round(result.stages().fillMs(), 3));
        stages.put("run_ms", round(result.stages().runMs(), 3));
        stages.put("end_to_end_ms", round(result.stages().endToEndMs(), 3));
        stages.put("overlap", round(result.stages().overlap(), 3));
        out.put("batch", batch);
        out.put("pixel_input", pixelInput);
        out.put("provider", info.provider().name());
        out.put("model", info.name());
        out.put("task", task);
        out.put("threads", JobOptionFlags.execution(spec).intraOpThreads());
        if (json) {
            spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        } else {
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "runtime %.3f clips/s (p50 %.1f ms, p99 %.1f ms); bare %.3f clips/s (p50 %.1f ms, p99 %.1f ms); ratio %.4f; per batch: fill %.2f ms, run %.1f ms, end to end %.1f ms, overlap %.2f%n",
                            result.runtime().clipsPerSecond(),
                            result.runtime().p50Ms(),
                            result.runtime().p99Ms(),
                            result.bare().clipsPerSecond(),
                            result.bare().p50Ms(),
                            result.bare().p99Ms(),
                            result.ratio(),
                            result.stages().fillMs(),
                            result.stages().runMs(),
                            result.stages().endToEndMs(),
                            result.stages().overlap());
        }
    }

    private PixelInput pixelInput() {
        try {
            return PixelInput.valueOf(pixelInput.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--pixel-input: expected auto, uint8 or float, found '" + pixelInput + "'");
        }
    }

    private static void figures(ObjectNode node, RuntimeBenchmark.Figures f) {
        node.put("clips_per_s", round(f.clipsPerSecond(), 4));
        node.put("p50_ms", round(f.p50Ms(), 3));
        node.put("p99_ms", round(f.p99Ms(), 3));
        node.put("calls", f.calls());
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
