package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.runtime.ProviderCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "What this machine can run a model on: ONNX Runtime's version and providers, the CUDA, cuDNN "
                + "and TensorRT libraries found, the GPUs nvidia-smi sees, then the model opened on each provider "
                + "alone (no fallback) with its open time (a TensorRT engine build included) and a batch's run time. "
                + "Exit code 0 when a GPU provider ran it, 1 otherwise.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "PATH",
            description = "Model directory or .onnx file to run (default: a tiny generated VideoMAE).")
    Path model;

    @Option(
            names = "--batch",
            paramLabel = "B",
            defaultValue = "0",
            description = "Clips per batch; 0 = the provider's default (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (batch < 0) {
            throw new IllegalArgumentException("--batch: expected 0 or more, found " + batch);
        }
        Path target = model != null ? model : TinyModels.classifier(Files.createTempDirectory("tubelet-doctor"));
        ProviderCheck.Report report = ProviderCheck.run(target, batch);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("onnxruntime", report.onnxRuntime());
            out.putPOJO("compiled_in", report.compiledIn());
            out.putPOJO("libraries", report.libraries());
            out.putPOJO("gpus", report.gpus());
            var outcomes = out.putArray("providers");
            for (ProviderCheck.Outcome o : report.outcomes()) {
                ObjectNode n = outcomes.addObject();
                n.put("provider", o.provider().name().toLowerCase(java.util.Locale.ROOT));
                n.put("ok", o.ok());
                n.put("open_ms", Math.round(o.openMs()));
                n.put("run_ms", Math.round(o.runMs() * 10) / 10.0);
                n.put("batch", o.batch());
                n.put("detail", o.detail());
            }
            spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        } else {
            ProviderCheck.print(report, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
        return report.gpuRuns() ? 0 : 1;
    }
}
