package dev.tubelet.ingest;

import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.GracefulStop;
import dev.tubelet.commandline.KafkaConfigOption;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.config.PreprocessorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet ingest}: cameras (files, RTSP/HTTP streams, devices) into the frames topic. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Send camera frames to Kafka as VideoFrames: FFmpeg decodes, frames are scaled down at the source and "
                        + "JPEG-encoded, keyed by camera id with a per-camera seq. Network sources that drop are reconnected.")
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Cameras cameras;

    static final class Cameras {
        @ArgGroup(exclusive = false)
        One one;

        @Option(
                names = "--cameras",
                paramLabel = "FILE",
                description = "Many cameras: one per line, 'ID SOURCE' (blank lines and # comments skipped).")
        Path file;
    }

    static final class One {
        @Option(names = "--camera", paramLabel = "ID", required = true, description = "Camera id.")
        String camera;

        @Option(
                names = "--source",
                paramLabel = "FILE|URL|DEVICE",
                required = true,
                description = "A video file, rtsp://… or http://… stream, or /dev/videoN.")
        String source;
    }

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (required unless --kafka-config names bootstrap.servers).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafka;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = "tubelet.frames",
            description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(
            names = "--fps",
            paramLabel = "F",
            defaultValue = "0",
            description = "Frames per second to send, 0 = the source's rate.")
    double fps;

    @Option(
            names = "--max-side",
            paramLabel = "PX",
            defaultValue = "320",
            description =
                    "Scale frames down so their longer side is at most this (default: ${DEFAULT-VALUE}; the model "
                            + "needs 224). --model or --short-side scale to the model's size instead.")
    int maxSide;

    @ArgGroup(exclusive = true)
    ModelSize modelSize;

    /** Frames at the size the model's preprocessing resizes to: the job then only crops them. */
    static final class ModelSize {
        @Option(
                names = "--model",
                paramLabel = "DIR",
                description = "Scale frames to the size the model's preprocessing resizes them to (its "
                        + "preprocessor_config.json: the short side to shortest_edge, as Hugging Face computes the long "
                        + "side), so that the job only crops them and runs no resize of its own.")
        Path model;

        @Option(
                names = "--short-side",
                paramLabel = "PX",
                description =
                        "As --model, for a shortest-edge resize to PX (224 for VideoMAE), without the model at hand.")
        Integer shortSide;
    }

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "85", description = "Default: ${DEFAULT-VALUE}.")
    int jpegQuality;

    @Option(names = "--loop", description = "Play a file again at its end.")
    boolean loop;

    @Option(names = "--realtime", description = "Pace a file at its frame rate (default: as fast as possible).")
    boolean realtime;

    @Option(
            names = "--max-frames",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after N frames per camera, 0 = no limit.")
    long maxFrames;

    @Option(
            names = "--max-backoff-s",
            paramLabel = "S",
            defaultValue = "30",
            description = "Longest wait between reconnects (default: ${DEFAULT-VALUE}).")
    long maxBackoffS;

    @Mixin
    VerboseOption verbose;

    /** @return the preprocessing whose resize frames are scaled to, or null (--max-side) */
    private PreprocessorConfig scaleTo() {
        if (modelSize == null) {
            return null;
        }
        if (modelSize.shortSide != null) {
            if (modelSize.shortSide < 16) {
                throw new IllegalArgumentException(
                        "--short-side: expected 16 pixels or more, found " + modelSize.shortSide);
            }
            return PreprocessorConfig.videoMaeDefaults(modelSize.shortSide);
        }
        Path config = modelSize.model.resolve("preprocessor_config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(
                    "--model: expected a model directory with preprocessor_config.json, found none in "
                            + modelSize.model);
        }
        return PreprocessorConfig.read(config);
    }

    @Override
    public Integer call() throws Exception {
        PreprocessorConfig scaleTo = scaleTo();
        List<IngestOptions> list = new ArrayList<>();
        for (String[] camera : cameraList()) {
            if (!new IngestOptions(
                                    camera[0],
                                    camera[1],
                                    fps,
                                    maxSide,
                                    jpegQuality,
                                    loop,
                                    realtime,
                                    maxFrames,
                                    Duration.ofSeconds(1),
                                    scaleTo)
                            .live()
                    && !Files.isRegularFile(Path.of(camera[1]))) {
                throw new IllegalArgumentException("camera " + camera[0] + ": source " + camera[1]
                        + ": no such file (expected a video file, " + "an rtsp:// or http:// URL, or /dev/videoN)");
            }
            list.add(new IngestOptions(
                    camera[0],
                    camera[1],
                    fps,
                    maxSide,
                    jpegQuality,
                    loop,
                    realtime,
                    maxFrames,
                    Duration.ofSeconds(maxBackoffS),
                    scaleTo));
        }
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        long start = System.nanoTime();
        try (GracefulStop stop = new GracefulStop(15)) {
            List<IngestStats> stats = Ingest.run(
                    kafka.bootstrap(bootstrap),
                    kafka.settings(),
                    topic,
                    list,
                    stop.stopping(),
                    spec.commandLine().getErr(),
                    Duration.ofSeconds(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < list.size(); i++) {
                IngestStats s = stats.get(i);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%s: sent %d frames in %.1f s (%.1f frames/s, %.0f KB/s), %d dropped, %d reconnects%n",
                                list.get(i).cameraId(),
                                s.frames(),
                                seconds,
                                s.frames() / seconds,
                                s.bytes() / 1024.0 / seconds,
                                s.dropped(),
                                s.reconnects());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private List<String[]> cameraList() throws IOException {
        List<String[]> out = new ArrayList<>();
        if (cameras.one != null) {
            out.add(new String[] {cameras.one.camera, cameras.one.source});
            return out;
        }
        int line = 0;
        for (String text : Files.readAllLines(cameras.file, StandardCharsets.UTF_8)) {
            line++;
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "--cameras " + cameras.file + " line " + line + ": expected 'ID SOURCE', found '" + t + "'");
            }
            out.add(parts);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "--cameras " + cameras.file + ": expected one camera per line, found none");
        }
        return out;
    }
}
