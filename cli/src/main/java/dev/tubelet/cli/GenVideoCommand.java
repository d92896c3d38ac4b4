package dev.tubelet.cli;

import dev.tubelet.cli.demo.SampleVideo;
import dev.tubelet.commandline.VerboseOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet gen-video}: the demo's synthetic scene as an MP4, to ingest where no camera is at hand. */
@Command(
        name = "gen-video",
        mixinStandardHelpOptions = true,
        description =
                "Write the demo scene (a figure that stands, walks, runs, jumps, walks and falls; 24 s, looping: the "
                        + "actions the demo model knows) as an MP4, to ingest where no camera is at hand.")
final class GenVideoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Length (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--fps",
            paramLabel = "F",
            defaultValue = "25",
            description = "Frame rate (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "320", description = "Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "240", description = "Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "MP4 to write.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || fps < 1 || width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException(
                    "expected --seconds and --fps of 1 or more and an even --width and --height of 16 or more, found "
                            + seconds + " s, " + fps + " fps, " + width + "x" + height);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SampleVideo.write(out, seconds, fps, width, height);
        spec.commandLine().getOut().printf("wrote %s: %d s at %d fps, %dx%d%n", out, seconds, fps, width, height);
        return 0;
    }
}
