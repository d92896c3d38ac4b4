package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.ingest.IngestCommand;
import java.util.List;
import picocli.CommandLine;

/** The ingest image's arguments, as its entry point (the ingest command itself) parses them. */
final class IngestArguments {
    private IngestArguments() {}

    static void assertAccepted(String where, List<String> args) {
        assertThat(args)
                .as("%s: the image's entry point is the ingest command, so no command name comes first", where)
                .doesNotContain("ingest");
        try {
            new CommandLine(new IngestCommand()).parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": tubelet ingest refuses " + args + ": " + e.getMessage(), e);
        }
    }
}
