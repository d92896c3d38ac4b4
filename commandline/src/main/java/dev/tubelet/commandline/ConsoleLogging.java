package dev.tubelet.commandline;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A console a person can read: Tubelet's own lines and real warnings and errors on stderr;
 * everything, framework chatter included (Flink, the broker, FFmpeg), in a log file whose path
 * {@link #logFile()} gives. {@code --verbose} puts all of it on the console too.
 *
 * <p>Call {@link #configure} first thing in {@code main}, before anything logs: the logging
 * configuration ({@code tubelet-cli-log4j2.xml}) reads what it sets.
 */
public final class ConsoleLogging {
    /** Where log files go unless {@code TUBELET_LOG_DIR} says otherwise. */
    static final Path DEFAULT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "tubelet-logs");

    private static volatile Path logFile;

    private ConsoleLogging() {}

    /**
     * @param program the program or command, which names the log file
     * @param args the command line (for {@code -v}/{@code --verbose})
     */
    public static void configure(String program, String[] args) {
        String dir = System.getenv("TUBELET_LOG_DIR");
        Path file = (dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir))
                .resolve(program + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + ".log")
                .toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            file = Path.of(
                            System.getProperty("java.io.tmpdir"),
                            file.getFileName().toString())
                    .toAbsolutePath();
        }
        logFile = file;
        boolean verbose = verbose(args);
        setIfAbsent("log4j2.configurationFile", "tubelet-cli-log4j2.xml");
        setIfAbsent("log4j2.statusLoggerLevel", verbose ? "WARN" : "ERROR");
        setIfAbsent("tubelet.log.file", file.toString());
        setIfAbsent("tubelet.console.chatter", verbose ? "ALL" : "OFF");
        setIfAbsent("tubelet.console.others", verbose ? "ALL" : "WARN");
        // Flink's dashboard shows this file as the JobManager log (and stops warning that there is none)
        setIfAbsent("log.file", file.toString());
        // JavaCPP and JavaCV (FFmpeg's own log) log through SLF4J, so that it lands in the file too
        setIfAbsent("org.bytedeco.javacpp.logger", "slf4j");
    }

    /** @return the log file of this run, or null when {@link #configure} was not called (tests) */
    public static Path logFile() {
        return logFile;
    }

    /**
     * Says where the log file is, for commands that run a while (when {@link #configure} set one up).
     *
     * @param err where the command's messages go
     * @param command the command's name, e.g. {@code tubelet demo}
     */
    public static void announce(PrintWriter err, String command) {
        Path file = logFile;
        if (file != null) {
            err.println(command + ": log file " + file + " (--verbose shows it all here)");
            err.flush();
        }
    }

    /** @return whether the command line asks for everything on the console */
    public static boolean verbose(String[] args) {
        for (String arg : args) {
            if ("--verbose".equals(arg) || "-v".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
