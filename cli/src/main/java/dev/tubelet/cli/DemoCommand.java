package dev.tubelet.cli;

import dev.tubelet.cli.demo.ActionScene;
import dev.tubelet.cli.demo.AnnotatedVideoWriter;
import dev.tubelet.cli.demo.DemoModel;
import dev.tubelet.cli.demo.SampleVideo;
import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.clips.ClipService;
import dev.tubelet.clips.ClipSettings;
import dev.tubelet.clips.ClipsCommand;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.GracefulStop;
import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.ingest.FfmpegLogging;
import dev.tubelet.ingest.Ingest;
import dev.tubelet.ingest.IngestOptions;
import dev.tubelet.ingest.IngestStats;
import dev.tubelet.ingest.ScaledSize;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.ModelInspection;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.ActionSegment;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AnomalyEvent;
import dev.tubelet.schema.ClipReady;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet demo}: video in, events out, in one command, with nothing installed. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start an embedded Kafka and the job on a local Flink MiniCluster (dashboard on --web-ui-port), play a "
                    + "video as several cameras, print the events, segments and alerts as they come, cut a clip of "
                    + "every alert (as tubelet clips does) and write an annotated MP4 per camera into --out.",
            "Without --model the demo model is used: a small VideoMAE trained on the demo scene, which knows its five "
                    + "actions (standing, walking, running, jumping, falling) and nothing else. Without --video the "
                    + "demo scene is generated (24 s, looping)."
        })
final class DemoCommand implements Callable<Integer> {
    static {
        TrustedPackages.register();
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Model directory (default: generate a tiny synthetic one).")
    Path model;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            description =
                    "Alert rules (YAML, README \"Segments, alerts and clips\"; default with the demo model: its own, "
                            + "running for 2 s and a fall, written into --out).")
    Path rules;

    @Option(
            names = "--video",
            paramLabel = "FILE",
            description = "Video to play (default: generate a 10 s synthetic scene).")
    Path video;

    @Option(
            names = "--detect",
            description =
                    "Also detect: boxes from the motion proposer on each window's keyframe, per-box actions "
                            + "from a detection model (a tiny synthetic one unless --detect-model), track ids; drawn into the MP4s.")
    boolean detect;

    @Option(
            names = "--detect-model",
            paramLabel = "DIR",
            description = "Detection model for --detect (default: generate a tiny synthetic one).")
    Path detectModel;

    @Option(
            names = "--anomaly",
            description = "Also score every window with an anomaly model (the demo's own, a masked autoencoder "
                    + "pretrained on the demo scene, unless --anomaly-model): camera-1's lens is sprayed over for 3 s "
                    + "mid-scene, z-scores are printed, a rule alerts on the unusual windows, and the heat maps are "
                    + "drawn into the MP4s.")
    boolean anomaly;

    @Option(
            names = "--anomaly-model",
            paramLabel = "DIR",
            description = "Anomaly model for --anomaly (tubelet import of a pretraining checkpoint).")
    Path anomalyModel;

    @Option(
            names = "--cameras",
            paramLabel = "N",
            defaultValue = "3",
            description = "Cameras playing the video (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--duration",
            paramLabel = "S",
            defaultValue = "40",
            description = "How long to stream, seconds (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "demo-out",
            description = "Where the MP4s go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Embedded Kafka port, 0 = any free (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Flink dashboard port, 0 = any free (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (cameras < 1 || duration < 1) {
            throw new IllegalArgumentException(
                    "--cameras and --duration must be ≥ 1, found " + cameras + " and " + duration);
        }
        PrintWriter say = spec.commandLine().getOut();
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        Map<String, String> runtime = JobOptionFlags.given(spec, List.of(JobOptions.RUNTIME));
        ExecutionOptions execution = JobConfigReader.execution(runtime);
        Files.createDirectories(out);
        Path modelDir = model;
        Path ruleFile = rules;
        boolean scoresAnomalies = anomaly || anomalyModel != null;
        if (modelDir == null) {
            modelDir = DemoModel.install(out.resolve("demo-model"));
            say.println("demo: the demo model in " + modelDir
                    + ": a small VideoMAE trained on the demo scene (standing, walking, running, jumping, falling)");
            if (ruleFile == null) {
                ruleFile = Files.writeString(
                        out.resolve("rules.yaml"), DEMO_RULES + (scoresAnomalies ? DEMO_ANOMALY_RULE : ""));
                say.println("demo: alert rules in " + ruleFile + ": running for 2 s or more, a fall"
                        + (scoresAnomalies ? ", 2 unusual windows in a row" : ""));
            }
        }
        Path anomalyDir = anomalyModel;
        if (scoresAnomalies && anomalyDir == null) {
            anomalyDir = DemoModel.installAnomaly(out.resolve("demo-anomaly-model"));
            say.println("demo: the demo anomaly model in " + anomalyDir
                    + ": a small VideoMAE masked autoencoder pretrained on the demo scene");
        }
        Path source = video;
        if (source == null) {
            source = out.resolve("sample.mp4");
            SampleVideo.write(source, (int) ActionScene.scriptSeconds(), 25, 320, 240);
            say.printf(
                    "demo: generated the demo scene in %s (%.0f s: %s)%n",
                    source,
                    ActionScene.scriptSeconds(),
                    ActionScene.SCRIPT.stream()
                            .map(step -> step.action().label())
                            .collect(java.util.stream.Collectors.joining(", ")));
        } else if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("--video " + source + ": no such file");
        }
        // with --anomaly, camera-1 plays the video with its lens sprayed over for 3 s (the others as it is)
        Path firstSource = source;
        if (scoresAnomalies) {
            firstSource = out.resolve("sample-tampered.mp4");
            List<BufferedImage> original = readFrames(source, 320);
            double rate = frameRate(source);
            double seconds = original.size() / rate;
            SampleVideo.sprayed(
                    firstSource, original, rate, TAMPER_FROM_S % seconds, TAMPER_FROM_S % seconds + TAMPER_S);
            say.printf(
                    Locale.ROOT,
                    "demo: camera-1's lens is sprayed over from %.0f s to %.0f s of each loop (%s)%n",
                    TAMPER_FROM_S % seconds,
                    TAMPER_FROM_S % seconds + TAMPER_S,
                    firstSource);
        }
        ModelInfo info = ModelInspection.classifier(modelDir);
        Path detectorDir = detectModel;
        if (detect && detectorDir == null) {
            detectorDir = TinyModels.detector(out.resolve("detector"), info);
            say.println("demo: generated a tiny detection model in " + detectorDir + " (synthetic weights too)");
        }
        List<BufferedImage> frames = readFrames(source, 320);
        List<BufferedImage> firstFrames = firstSource == source ? frames : readFrames(firstSource, 320);
        double fps = frameRate(source);
        int kafkaAt = freeOr(kafkaPort, "Kafka", say);
        int webAt = freeOr(webUiPort, "the Flink dashboard", say);

        Map<String, List<ActionEvent>> events = new TreeMap<>();
        Map<String, List<DetectionEvent>> detections = new TreeMap<>();
        Map<String, List<AnomalyEvent>> anomalies = new TreeMap<>();
        List<Double> latencies = new ArrayList<>();
        List<IngestStats> sent;
        long deadLetters;
        try (GracefulStop stop = new GracefulStop(60)) {
            try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaAt, null)) {
                Map<String, String> values = new LinkedHashMap<>(runtime);
                values.put(JobOptions.BOOTSTRAP.key(), kafka.bootstrapServers());
                values.put(JobOptions.MODEL.key(), modelDir.toString());
                values.put(JobOptions.CHECKPOINT_INTERVAL_MS.key(), "2000");
                if (ruleFile != null) {
                    values.put(JobOptions.RULES.key(), ruleFile.toString());
                }
                if (scoresAnomalies) {
                    values.put(JobOptions.ANOMALY_MODEL.key(), anomalyDir.toString());
                    // the demo is short: a baseline after 8 windows (about 10 s), halving every 30
                    values.put(JobOptions.ANOMALY_WARM_UP_WINDOWS.key(), "8");
                    values.put(JobOptions.ANOMALY_HALF_LIFE_WINDOWS.key(), "30");
                }
                if (detect) {
                    // keyframes every 4 sampled frames (0.6 s at 25 fps): boxes follow walking figures closely
                    values.put(JobOptions.DETECT_MODEL.key(), detectorDir.toString());
                    values.put(JobOptions.BOXES.key(), "motion");
                    values.put(JobOptions.HOP.key(), "4");
                }
                PreparedJob job = PreparedJob.prepare(JobConfigReader.read(values));
                JobConfig cfg = job.config();
                JobClient client = LocalJob.environment(job, webAt).executeAsync("tubelet demo");
                say.printf(
                        "demo: Kafka on %s, Flink dashboard on http://localhost:%d, %d cameras playing %s for %d s (Ctrl-C stops)%n",
                        kafka.bootstrapServers(), webAt, cameras, source.getFileName(), duration);
                say.flush();
                AtomicBoolean consuming = new AtomicBoolean(true);
                Thread printer = new Thread(() -> print(
                        kafka.bootstrapServers(),
                        cfg.topics().actions(),
                        "demo",
                        ActionEvent.class,
                        consuming,
                        event -> {
                            synchronized (events) {
                                events.computeIfAbsent(event.getCameraId(), k -> new ArrayList<>())
                                        .add(event);
                                latencies.add(Duration.between(event.getWindowEnd(), Instant.now())
                                                .toNanos()
                                        / 1e6);
                            }
                        },
                        say));
                printer.start();
                Thread detectionPrinter = new Thread(() -> print(
                        kafka.bootstrapServers(),
                        cfg.topics().detections(),
                        "demo-detections",
                        DetectionEvent.class,
                        consuming,
                        event -> {
                            synchronized (detections) {
                                detections
                                        .computeIfAbsent(event.getCameraId(), k -> new ArrayList<>())
                                        .add(event);
                            }
                        },
                        say));
                if (detect) {
                    detectionPrinter.start();
                }
                Thread anomalyPrinter = new Thread(() -> print(
                        kafka.bootstrapServers(),
                        cfg.topics().anomalies(),
                        "demo-anomalies",
                        AnomalyEvent.class,
                        consuming,
                        event -> {
                            synchronized (anomalies) {
                                anomalies
                                        .computeIfAbsent(event.getCameraId(), k -> new ArrayList<>())
                                        .add(event);
                            }
                        },
                        say));
                if (scoresAnomalies) {
                    anomalyPrinter.start();
                }
                List<Thread> alerting = new ArrayList<>();
                ClipService clipService = null;
                AtomicBoolean cutting = new AtomicBoolean();
                List<ClipReady> clipsMade = java.util.Collections.synchronizedList(new ArrayList<>());
                if (!cfg.rules().isEmpty()) {
                    Thread segmentPrinter = new Thread(() -> print(
                            kafka.bootstrapServers(),
                            cfg.topics().segments(),
                            "demo-segments",
                            ActionSegment.class,
                            consuming,
                            event -> {},
                            say));
                    Thread alertPrinter = new Thread(() -> print(
                            kafka.bootstrapServers(),
                            cfg.topics().alerts(),
                            "demo-alerts",
                            Alert.class,
                            consuming,
                            event -> {},
                            say));
                    segmentPrinter.start();
                    alertPrinter.start();
                    alerting.add(segmentPrinter);
                    alerting.add(alertPrinter);
                    kafka.createTopics(List.of(ClipSettings.DEFAULT_TOPICS.clips()), 1);
                    clipService = clips(kafka.bootstrapServers(), cfg, out.resolve("clips"), say, clipsMade);
                    ClipService service = clipService;
                    Thread t = new Thread(() -> {
                        try {
                            service.run(cutting);
                        } catch (java.io.IOException e) {
                            synchronized (say) {
                                say.println("demo: clips stopped: " + e.getMessage());
                            }
                        }
                    });
                    t.start();
                    alerting.add(t);
                }
                List<IngestOptions> list = new ArrayList<>();
                for (int c = 1; c <= cameras; c++) {
                    list.add(new IngestOptions(
                            "camera-" + c,
                            (c == 1 ? firstSource : source).toString(),
                            0,
                            320,
                            85,
                            true,
                            true,
                            (long) Math.floor(duration * fps),
                            Duration.ofSeconds(5),
                            // frames at up to 320 px, not the model's size: the alerts' clips are cut from them
                            null));
                }
                sent = Ingest.run(
                        kafka.bootstrapServers(),
                        cfg.topics().frames(),
                        list,
                        stop.stopping(),
                        null,
                        Duration.ofSeconds(5));
                // the last windows: one checkpoint to commit them, and time for the model
                Thread.sleep(cfg.checkpointInterval().toMillis() * 2 + 3000);
                consuming.set(false);
                printer.join(10_000);
                if (detect) {
                    detectionPrinter.join(10_000);
                }
                if (scoresAnomalies) {
                    anomalyPrinter.join(10_000);
                }
                deadLetters = count(kafka.bootstrapServers(), cfg.topics().deadLetters());
                if (clipService != null) {
                    // the last alerts' clips: their frames after the trigger are in, or the wait is over
                    long alerts = count(kafka.bootstrapServers(), cfg.topics().alerts());
                    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (clipsMade.size() < alerts && System.nanoTime() < until) {
                        Thread.sleep(200);
                    }
                    cutting.set(true);
                }
                for (Thread t : alerting) {
                    t.join(10_000);
                }
                if (clipService != null) {
                    clipService.close();
                    say.printf(
                            "demo: %d alerts, %d clips in %s%n",
                            count(kafka.bootstrapServers(), cfg.topics().alerts()),
                            clipsMade.stream().filter(c -> c.getFrames() > 0).count(),
                            out.resolve("clips"));
                }
                LocalJob.stop(client);
            }
            long totalFrames = sent.stream().mapToLong(IngestStats::frames).sum();
            for (int c = 1; c <= cameras; c++) {
                String camera = "camera-" + c;
                Path mp4 = out.resolve(camera + ".mp4");
                int written = AnnotatedVideoWriter.write(
                        mp4,
                        c == 1 ? firstFrames : frames,
                        sent.get(c - 1).firstSeq(),
                        sent.get(c - 1).frames(),
                        events.getOrDefault(camera, List.of()),
                        detections.getOrDefault(camera, List.of()),
                        anomalies.getOrDefault(camera, List.of()),
                        (double) info.preprocessor().fixedOutputSize()[0]
                                / Math.max(1, info.preprocessor().shortestEdge()),
                        fps);
                say.printf("demo: wrote %s (%d frames)%n", mp4, written);
            }
            double[] sorted =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long windows = events.values().stream().mapToLong(List::size).sum();
            say.printf(
                    Locale.ROOT,
                    "demo: %d frames, %d windows, %d events, %d dead letters, capture-to-event p50 %.0f ms, p99 %.0f ms%n",
                    totalFrames,
                    windows,
                    windows,
                    deadLetters,
                    percentile(sorted, 0.5),
                    percentile(sorted, 0.99));
            if (scoresAnomalies) {
                for (Map.Entry<String, List<AnomalyEvent>> camera : anomalies.entrySet()) {
                    AnomalyEvent peak = camera.getValue().stream()
                            .filter(e -> !e.getWarmingUp())
                            .max(java.util.Comparator.comparingDouble(AnomalyEvent::getZ))
                            .orElse(null);
                    say.printf(
                            Locale.ROOT,
                            "demo: %s: %d anomaly events, %s%n",
                            camera.getKey(),
                            camera.getValue().size(),
                            peak == null
                                    ? "all warming up"
                                    : String.format(
                                            Locale.ROOT,
                                            "peak z %+.1f at seq %d-%d, %d windows above z 4",
                                            peak.getZ(),
                                            peak.getSampledSeqs().get(0),
                                            peak.getSampledSeqs()
                                                    .get(peak.getSampledSeqs().size() - 1),
                                            camera.getValue().stream()
                                                    .filter(e -> !e.getWarmingUp() && e.getZ() >= 4)
                                                    .count()));
                }
            }
            if (detect) {
                long detectionEvents =
                        detections.values().stream().mapToLong(List::size).sum();
                long boxes = detections.values().stream()
                        .flatMap(List::stream)
                        .mapToLong(e -> e.getDetections().size())
                        .sum();
                long tracks = detections.values().stream()
                        .mapToLong(list -> list.stream()
                                .flatMap(e -> e.getDetections().stream())
                                .map(d -> d.getTrackId())
                                .filter(java.util.Objects::nonNull)
                                .distinct()
                                .count())
                        .sum();
                say.printf(
                        Locale.ROOT,
                        "demo: %d detection events, %d boxes, %d tracks%n",
                        detectionEvents,
                        boxes,
                        tracks);
            }
            say.flush();
            return 0;
        }
    }

    /** The demo's alert rules, for the demo model's labels. */
    static final String DEMO_RULES = """
            # The demo's alert rules (README, "Segments, alerts and clips"): labels are the demo model's.
            rules:
              - name: running
                labels: [running]
                min-score: 0.6
                min-duration-s: 2
                cooldown-s: 20
                severity: info
              - name: fall
                labels: [falling]
                min-score: 0.5
                min-duration-s: 0
                cooldown-s: 10
                severity: critical
            """;

    /** The demo's rule on the anomaly score (with --anomaly). */
    static final String DEMO_ANOMALY_RULE = """
              - name: unusual
                anomaly: {min-z: 4, min-windows: 2}
                cooldown-s: 20
                severity: critical
            """;

    /** When camera-1's lens is sprayed over (with --anomaly), seconds into each loop, and for how long. */
    static final double TAMPER_FROM_S = 13;

    static final double TAMPER_S = 3;

    /** A clip service over the demo's topics, printing each clip as it is written. */
    private static ClipService clips(String bootstrap, JobConfig cfg, Path dir, PrintWriter say, List<ClipReady> made)
            throws IOException {
        Files.createDirectories(dir);
        ClipSettings settings = new ClipSettings(
                bootstrap,
                dev.tubelet.kafka.config.KafkaClientConfig.none(),
                dir.toAbsolutePath(),
                dir.toAbsolutePath().toUri().toString(),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                Duration.ofSeconds(60),
                Duration.ofSeconds(3),
                new ClipSettings.Topics(
                        cfg.topics().alerts(),
                        cfg.topics().frames(),
                        cfg.topics().detections(),
                        ClipSettings.DEFAULT_TOPICS.clips()),
                "demo-clips-" + java.util.UUID.randomUUID(),
                "demo-clips");
        return new ClipService(settings, java.time.Clock.systemUTC(), new ClipService.Listener() {
            @Override
            public void clip(ClipReady ready, Path file, boolean reused) {
                made.add(ready);
                synchronized (say) {
                    say.println(ClipsCommand.describe(ready, file, reused));
                    say.flush();
                }
            }
        });
    }

    /**
     * Reads committed events of one type until told to stop, printing each as a readable line and
     * handing it on (to collect it for the MP4s and the summary).
     */
    private static <T extends org.apache.avro.specific.SpecificRecordBase> void print(
            String bootstrap,
            String topic,
            String group,
            Class<T> type,
            AtomicBoolean consuming,
            java.util.function.Consumer<T> collect,
            PrintWriter say) {
        SingleObjectSerde<T> serde = SingleObjectSerde.of(type);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(bootstrap, group, true)) {
            consumer.subscribe(List.of(topic));
            while (consuming.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    try {
                        T event = serde.decode(record.value());
                        collect.accept(event);
                        synchronized (say) {
                            say.println(TailCommand.readable(event));
                            say.flush();
                        }
                    } catch (MessageFormatException e) {
                        // not an event
                    }
                }
            }
        }
    }

    private static long count(String bootstrap, String topic) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(bootstrap, "demo-count", true)) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 6; i++) {
                n += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return n;
    }

    private static List<BufferedImage> readFrames(Path video, int maxSide) throws Exception {
        FfmpegLogging.toSlf4j();
        List<BufferedImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            ScaledSize.apply(grabber, maxSide);
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                BufferedImage image = converter.convert(frame);
                BufferedImage copy =
                        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                copy.getGraphics().drawImage(image, 0, 0, null);
                frames.add(copy);
            }
            grabber.stop();
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("--video " + video + ": no frames could be read");
        }
        return frames;
    }

    private static double frameRate(Path video) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            double fps = grabber.getFrameRate();
            grabber.stop();
            return fps > 0 ? fps : 25;
        }
    }

    private static int freeOr(int port, String what, PrintWriter say) throws IOException {
        if (port > 0) {
            try (ServerSocket probe = new ServerSocket(port)) {
                return port;
            } catch (IOException inUse) {
                say.println("demo: port " + port + " is in use; " + what + " takes another one");
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }
}
