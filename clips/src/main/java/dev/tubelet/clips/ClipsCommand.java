package dev.tubelet.clips;

import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.GracefulStop;
import dev.tubelet.commandline.KafkaConfigOption;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.kafka.config.BrokerWatch;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.ClipReady;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet clips}: a video clip of every alert, cut from the frames topic. */
@Command(
        name = "clips",
        mixinStandardHelpOptions = true,
        description = "Write a video clip of every alert: reads tubelet.alerts (read_committed), reads the camera's "
                + "frames from PRE before the segment's start to POST after the trigger back from tubelet.frames (by "
                + "their timestamps: the frames topic's retention bounds how old a clip can be), writes "
                + "DIR/CAMERA_ID/ALERT_ID.mp4 (H.264, else MPEG-4 Part 2; boxes drawn for tracked alerts) and a JSON "
                + "sidecar, and publishes a ClipReady to tubelet.clips in the same transaction as its progress. "
                + "Restarted, it goes on where it stopped and writes nothing twice.")
public final class ClipsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else localhost:9092).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafka;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The clips directory.")
    Path out;

    @Option(
            names = "--pre-s",
            paramLabel = "S",
            defaultValue = "3",
            description = "Seconds before the segment's start (default: ${DEFAULT-VALUE}).")
    double preS;

    @Option(
            names = "--post-s",
            paramLabel = "S",
            defaultValue = "3",
            description = "Seconds after the alert's trigger (default: ${DEFAULT-VALUE}).")
    double postS;

    @Option(
            names = "--max-clip-s",
            paramLabel = "S",
            defaultValue = "120",
            description = "Longest clip; a longer one keeps its end (default: ${DEFAULT-VALUE}).")
    double maxClipS;

    @Option(
            names = "--wait-s",
            paramLabel = "S",
            defaultValue = "10",
            description = "How long past a clip's end to wait for its last frames when the camera sends none "
                    + "(default: ${DEFAULT-VALUE}).")
    double waitS;

    @Option(
            names = "--base-uri",
            paramLabel = "URI",
            description = "What ClipReady.uri starts with, e.g. the URL the clips directory is served at "
                    + "(default: the directory as a file: URI).")
    String baseUri;

    @Option(
            names = "--alerts-topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.alerts",
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(
            names = "--frames-topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.frames",
            description = "Default: ${DEFAULT-VALUE}.")
    String framesTopic;

    @Option(
            names = "--detections-topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.detections",
            description = "Read for the boxes of tracked alerts. Default: ${DEFAULT-VALUE}.")
    String detectionsTopic;

    @Option(
            names = "--clips-topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.clips",
            description = "Default: ${DEFAULT-VALUE}.")
    String clipsTopic;

    @Option(
            names = "--group",
            paramLabel = "ID",
            defaultValue = "tubelet-clips",
            description = "Consumer group on the alerts topic: where a restart goes on (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(
            names = "--transactional-id",
            paramLabel = "ID",
            defaultValue = "tubelet-clips",
            description =
                    "Transactional id of the ClipReady producer; one per running clips (default: ${DEFAULT-VALUE}).")
    String transactionalId;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        ClipSettings settings = settings();
        Files.createDirectories(settings.out());
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("clips: alerts from %s into %s%n", alertsTopic, settings.out());
        printer.flush();
        try (GracefulStop stop = new GracefulStop(15);
                // a line when Kafka is away for 10 s and when it is back: the clients wait silently
                BrokerWatch watch =
                        new BrokerWatch(settings.bootstrap(), settings.kafka(), Duration.ofSeconds(10), "clips");
                ClipService service = new ClipService(settings, Clock.systemUTC(), printing(printer))) {
            service.run(stop.stopping());
            long[] c = service.counts();
            printer.printf("clips: %d written, %d already written, %d without frames%n", c[0], c[1], c[2]);
            if (watch.outages() > 0) {
                printer.printf(
                        "clips: Kafka was unreachable %d times, %d s in all%n",
                        watch.outages(), watch.unreachableTotal().toSeconds());
            }
            printer.flush();
            return 0;
        }
    }

    ClipSettings settings() {
        Path dir = out.toAbsolutePath().normalize();
        return new ClipSettings(
                kafka.bootstrapOrLocal(bootstrap),
                kafka.settings(),
                dir,
                baseUri != null ? baseUri : dir.toUri().toString(),
                seconds("--pre-s", preS),
                seconds("--post-s", postS),
                seconds("--max-clip-s", maxClipS),
                seconds("--wait-s", waitS),
                new ClipSettings.Topics(alertsTopic, framesTopic, detectionsTopic, clipsTopic),
                group,
                transactionalId);
    }

    private static Duration seconds(String option, double s) {
        if (!Double.isFinite(s) || s < 0 || s > 86_400) {
            throw new IllegalArgumentException(option + ": expected seconds from 0 to 86400, found " + s);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** @return a listener printing each alert and its clip as one line */
    public static ClipService.Listener printing(PrintWriter out) {
        return new ClipService.Listener() {
            @Override
            public void alert(Alert a) {
                out.printf(
                        Locale.ROOT,
                        "alert %s: rule %s (%s), camera %s%s, %s %.0f%%, triggered at %s%n",
                        a.getAlertId(),
                        a.getRule(),
                        a.getSeverity(),
                        a.getCameraId(),
                        a.getTrackId() == null ? "" : " track " + a.getTrackId(),
                        a.getLabel().getLabel(),
                        a.getScore() * 100,
                        a.getTriggerTime());
                out.flush();
            }

            @Override
            public void clip(ClipReady r, Path file, boolean reused) {
                out.println(describe(r, file, reused));
                out.flush();
            }
        };
    }

    /** @return one line about a clip */
    public static String describe(ClipReady r, Path file, boolean reused) {
        if (r.getFrames() == 0) {
            return "clip " + r.getAlertId() + ": no clip, " + r.getReason();
        }
        double seconds = Duration.between(r.getStartTime(), r.getEndTime()).toMillis() / 1000.0;
        return String.format(
                Locale.ROOT,
                "clip %s: %s (%d frames, %.1f s at %.1f fps, %s, %d KB)%s%s",
                r.getAlertId(),
                file,
                r.getFrames(),
                seconds,
                r.getFps(),
                r.getCodec(),
                (r.getBytes() + 1023) / 1024,
                reused ? ", written before" : "",
                r.getReason() == null ? "" : "; " + r.getReason());
    }
}
