package dev.tubelet.ingest;

import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.OneLineErrors;
import picocli.CommandLine;

/**
 * The ingest image's entry point: {@code tubelet ingest} on its own, with nothing of Flink or
 * the model on the classpath.
 *
 * <pre>{@code
 * java -cp "/opt/tubelet/lib/*" dev.tubelet.ingest.IngestMain --bootstrap kafka:9092 --cameras cameras.txt --realtime
 * }</pre>
 */
public final class IngestMain {
    private IngestMain() {}

    /** @param args the options of {@code tubelet ingest} */
    public static void main(String[] args) {
        ConsoleLogging.configure("ingest", args);
        CommandLine cli =
                new OneLineErrors().installOn(new CommandLine(new IngestCommand()).setCommandName("tubelet ingest"));
        System.exit(cli.execute(args));
    }
}
