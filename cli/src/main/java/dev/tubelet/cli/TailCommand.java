package dev.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.commandline.KafkaConfigOption;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.ActionSegment;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AnomalyEvent;
import dev.tubelet.schema.ClipReady;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.Label;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet tail}: a Tubelet topic as readable lines or JSON lines. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Print the messages of a Tubelet topic (actions, segments, alerts, clips, dead letters, detections, "
                        + "frames) as readable lines, "
                        + "or JSON lines with --json; reads committed messages only.")
final class TailCommand implements Callable<Integer> {
    static {
        TrustedPackages.register();
    }

    private static final List<SingleObjectSerde<? extends SpecificRecordBase>> SERDES = List.of(
            SingleObjectSerde.of(ActionEvent.class),
            SingleObjectSerde.of(ActionSegment.class),
            SingleObjectSerde.of(Alert.class),
            SingleObjectSerde.of(AnomalyEvent.class),
            SingleObjectSerde.of(ClipReady.class),
            SingleObjectSerde.of(DeadLetter.class),
            SingleObjectSerde.of(DetectionEvent.class),
            SingleObjectSerde.of(VideoFrame.class));

    @Spec
    CommandSpec spec;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.actions",
            description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else localhost:9092).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafka;

    @Option(names = "--from-beginning", description = "Start at the oldest message (default: only new ones).")
    boolean fromBeginning;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "Stop after N messages, 0 = never.")
    long max;

    @Option(
            names = "--timeout-s",
            paramLabel = "S",
            defaultValue = "0",
            description = "Stop after S seconds without a message, 0 = never.")
    long timeoutS;

    @Mixin
    VerboseOption verbose;

    private String bootstrapServers() {
        return kafka.bootstrapOrLocal(bootstrap);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        ObjectMapper mapper = new ObjectMapper();
        long seen = 0;
        long quietSince = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                KafkaClients.readCommitted(bootstrapServers(), kafka.settings(), "tubelet-tail", fromBeginning)) {
            consumer.subscribe(List.of(topic));
            while (!stop.get() && (max == 0 || seen < max)) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()
                        && timeoutS > 0
                        && System.nanoTime() - quietSince
                                > Duration.ofSeconds(timeoutS).toNanos()) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    quietSince = System.nanoTime();
                    SpecificRecordBase message = decode(record.value());
                    String line;
                    if (message == null) {
                        line = json
                                ? "{\"error\": \"not a Tubelet message\", \"offset\": " + record.offset() + "}"
                                : "? offset " + record.offset() + ": not a Tubelet message";
                    } else if (json) {
                        try {
                            line = mapper.writeValueAsString(mapper.readTree(message.toString()));
                        } catch (Exception e) {
                            line = message.toString();
                        }
                    } else {
                        line = readable(message);
                    }
                    out.println(line);
                    out.flush();
                    if (max > 0 && ++seen >= max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private static SpecificRecordBase decode(byte[] value) {
        for (SingleObjectSerde<? extends SpecificRecordBase> serde : SERDES) {
            try {
                return serde.decode(value);
            } catch (MessageFormatException e) {
                // try the next type
            }
        }
        return null;
    }

    static String readable(SpecificRecordBase message) {
        if (message instanceof ActionEvent e) {
            String top = e.getTop().stream().limit(3).map(TailCommand::label).collect(Collectors.joining("  "));
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s seq %d-%d  %s  (%.0f ms capture-to-emit, batch %d)",
                    e.getKeyframeTime(),
                    e.getCameraId(),
                    e.getSampledSeqs().get(0),
                    e.getSampledSeqs().get(e.getSampledSeqs().size() - 1),
                    top,
                    e.getTimings().getCaptureToEmitMs(),
                    e.getTimings().getBatchSize());
        }
        if (message instanceof DeadLetter d) {
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s %s at %s/%d@%d: %s",
                    d.getTime(),
                    d.getCameraId() == null ? "-" : d.getCameraId(),
                    d.getReason(),
                    d.getSourceTopic(),
                    d.getPartition(),
                    d.getOffset(),
                    d.getMessage());
        }
        if (message instanceof Alert a) {
            // an alert of a rule on the anomaly score carries its window's z, not a probability
            boolean anomaly = a.getLabel().getIndex() < 0;
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s ALERT %s (%s): %s%s since %s, %s  clip %s",
                    a.getTriggerTime(),
                    a.getCameraId(),
                    a.getRule(),
                    a.getSeverity(),
                    a.getLabel().getLabel(),
                    a.getTrackId() == null ? "" : " (track #" + a.getTrackId() + ")",
                    a.getStartTime(),
                    anomaly
                            ? String.format(Locale.ROOT, "z %+.1f", a.getScore())
                            : String.format(Locale.ROOT, "%.0f%%", 100 * a.getScore()),
                    a.getClip());
        }
        if (message instanceof AnomalyEvent a) {
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s seq %d-%d  anomaly score %.4f, z %+.1f%s (baseline %.4f ± %.4f)",
                    a.getWindowEnd(),
                    a.getCameraId(),
                    a.getSampledSeqs().get(0),
                    a.getSampledSeqs().get(a.getSampledSeqs().size() - 1),
                    a.getScore(),
                    a.getZ(),
                    a.getWarmingUp() ? " warming up" : "",
                    a.getBaselineMean(),
                    a.getBaselineStd());
        }
        if (message instanceof ClipReady c) {
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s CLIP %s: %s%s",
                    c.getEndTime(),
                    c.getCameraId(),
                    c.getAlertId(),
                    c.getFrames() == 0
                            ? "no frames"
                            : String.format(
                                    Locale.ROOT,
                                    "%s (%d frames at %.1f fps, %s, %d KB)",
                                    c.getUri(),
                                    c.getFrames(),
                                    c.getFps(),
                                    c.getCodec(),
                                    (c.getBytes() + 1023) / 1024),
                    c.getReason() == null ? "" : "; " + c.getReason());
        }
        if (message instanceof ActionSegment s) {
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s %s %s%s from %s%s  peak %.0f%%, mean %.0f%% over %d windows%s",
                    s.getStatus() == dev.tubelet.schema.SegmentStatus.OPEN ? s.getStartTime() : s.getEndTime(),
                    s.getCameraId(),
                    s.getStatus(),
                    s.getLabel().getLabel(),
                    s.getTrackId() == null ? "" : " (track #" + s.getTrackId() + ")",
                    s.getStartTime(),
                    s.getEndTime() == null ? "" : " to " + s.getEndTime(),
                    100 * s.getPeakScore(),
                    100 * s.getMeanScore(),
                    s.getWindows(),
                    s.getCloseReason() == null ? "" : " (" + s.getCloseReason() + ")");
        }
        if (message instanceof DetectionEvent e) {
            String boxes = e.getDetections().isEmpty()
                    ? "nobody"
                    : e.getDetections().stream()
                            .map(d -> String.format(
                                    Locale.ROOT,
                                    "#%s [%.2f %.2f %.2f %.2f] %s%s",
                                    d.getTrackId() == null ? "-" : d.getTrackId(),
                                    d.getBox().getX1(),
                                    d.getBox().getY1(),
                                    d.getBox().getX2(),
                                    d.getBox().getY2(),
                                    d.getSource().name().toLowerCase(Locale.ROOT),
                                    d.getActions().isEmpty()
                                            ? ""
                                            : ": "
                                                    + d.getActions().stream()
                                                            .limit(2)
                                                            .map(TailCommand::label)
                                                            .collect(Collectors.joining(", "))))
                            .collect(Collectors.joining("  "));
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s keyframe %d  %s",
                    e.getKeyframeTime(),
                    e.getCameraId(),
                    e.getKeyframeSeq(),
                    boxes);
        }
        if (message instanceof VideoFrame f) {
            return String.format(
                    Locale.ROOT,
                    "%s  %-10s seq %d  %dx%d %s %d bytes",
                    f.getCaptureTime(),
                    f.getCameraId(),
                    f.getSeq(),
                    f.getWidth(),
                    f.getHeight(),
                    f.getEncoding(),
                    f.getData().remaining());
        }
        return message.toString();
    }

    private static String label(Label l) {
        return String.format(Locale.ROOT, "%s %.1f%%", l.getLabel(), l.getScore() * 100);
    }
}
