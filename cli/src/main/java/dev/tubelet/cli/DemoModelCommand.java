package dev.tubelet.cli;

import dev.tubelet.cli.demo.ActionScene;
import dev.tubelet.cli.demo.DemoModel;
import dev.tubelet.commandline.VerboseOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet demo-model}: the shipped demo model, imported into a model directory. */
@Command(
        name = "demo-model",
        mixinStandardHelpOptions = true,
        description = "Write the demo model into a model directory: a small VideoMAE trained on the demo scene "
                + "(gen-video, demo) that knows its five actions and nothing else. Shipped as a checkpoint and "
                + "imported as tubelet import does.")
final class DemoModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Model directory to write.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        DemoModel.install(out);
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote the demo model to %s (labels: %s)%n",
                        out,
                        Arrays.stream(ActionScene.Action.values())
                                .map(ActionScene.Action::label)
                                .collect(Collectors.joining(", ")));
        return 0;
    }
}
