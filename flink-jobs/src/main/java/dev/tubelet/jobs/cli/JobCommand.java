package dev.tubelet.jobs.cli;

import dev.tubelet.jobs.kafka.EmbeddedKafka;
import dev.tubelet.jobs.pipeline.Delivery;
import dev.tubelet.jobs.pipeline.JobConfig;
import dev.tubelet.jobs.pipeline.TubeletJob;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.operators.boxes.BoxSourceSpec;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.inference.DetectionSpec;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.operators.window.WindowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet job}: the streaming job on a local Flink MiniCluster with its dashboard, against any Kafka. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = {"Run the streaming job on a local Flink MiniCluster (dashboard on --web-ui-port): frames from Kafka, "
                + "per-camera strided windows, batched VideoMAE inference, ActionEvents and DeadLetters back to Kafka; with "
                + "--detect-model also boxes on each window's keyframe, per-box actions and track ids as DetectionEvents.",
                "Every option can also be given in a properties file (--config FILE) under its name without dashes "
                + "(e.g. stride=4); flags win over the file."})
final class JobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with option values (name=value).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: start an embedded Kafka in this process on --kafka-port).")
    String bootstrap;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded Kafka when no --bootstrap is given (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--model", paramLabel = "PATH", required = true, description = "Model directory or .onnx file.")
    Path model;

    @Option(names = "--delivery", paramLabel = "exactly-once|at-least-once", defaultValue = "exactly-once",
            description = "exactly-once: transactional sink, events visible at each checkpoint; at-least-once: lower latency, "
                    + "consumers de-duplicate on event_id (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(names = "--stride", paramLabel = "TAU", defaultValue = "4", description = "Frames between sampled frames (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--hop", paramLabel = "H", defaultValue = "8", description = "Sampled frames between windows (default: ${DEFAULT-VALUE}).")
    int hop;

    @Option(names = "--target-fps", paramLabel = "RATE", defaultValue = "0",
            description = "Sampled frames per second wanted; picks each camera's stride from its fps (default: off).")
    double targetFps;

    @Option(names = "--uniform-span-ms", paramLabel = "MS", defaultValue = "0",
            description = "Uniform sampling: the window's frames spread over this span (Something-Something V2 style); 0 = strided.")
    long uniformSpanMs;

    @Option(names = "--max-reorder", paramLabel = "N", defaultValue = "8", description = "Out-of-order frames held back per camera (default: ${DEFAULT-VALUE}).")
    int maxReorder;

    @Option(names = "--max-gap", paramLabel = "N", defaultValue = "64", description = "A jump of more sequence numbers restarts the window (default: ${DEFAULT-VALUE}).")
    int maxGap;

    @Option(names = "--idle-timeout-s", paramLabel = "S", defaultValue = "60", description = "A silent camera's state is released after this (default: ${DEFAULT-VALUE}).")
    long idleTimeoutS;

    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "8", description = "Most windows per model run (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "50", description = "Longest wait for a batch to fill (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Labels per event (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Checkpoint interval; with exactly-once also the event latency bound (default: ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "Checkpoint storage, e.g. file:///var/tubelet/checkpoints.")
    String checkpointDir;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--starting-offsets", paramLabel = "earliest|latest|committed", defaultValue = "earliest",
            description = "Where a new job starts reading frames (default: ${DEFAULT-VALUE}).")
    String startingOffsets;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "tubelet", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--frames-topic", defaultValue = "tubelet.frames", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String framesTopic;

    @Option(names = "--actions-topic", defaultValue = "tubelet.actions", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String actionsTopic;

    @Option(names = "--detections-topic", defaultValue = "tubelet.detections", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String detectionsTopic;

    @Option(names = "--detect-model", paramLabel = "DIR",
            description = "Spatio-temporal action detection beside classification: a detection model (tubelet gen-model --task detect) "
                    + "scores the boxes on each window's keyframe; DetectionEvents with track ids go to --detections-topic.")
    Path detectModel;

    @Option(names = "--boxes", paramLabel = "upstream|motion|detector:PATH", defaultValue = "motion",
            description = "Where keyframes get boxes when their frames carry none (boxes in a frame are always used as given): "
                    + "motion (moving regions, static cameras, no model), detector:PATH (a YOLO .onnx, person class), "
                    + "or upstream (only the frames' own) (default: ${DEFAULT-VALUE}).")
    String boxes;

    @Option(names = "--camera-boxes", paramLabel = "CAMERA=SOURCE", split = ",",
            description = "Box source for one camera, overriding --boxes (repeat, or comma-separate): e.g. lobby=motion,gate=detector:yolo.onnx.")
    java.util.Map<String, String> cameraBoxes = new java.util.LinkedHashMap<>();

    @Option(names = "--action-threshold", paramLabel = "P", defaultValue = "0.3",
            description = "Lowest sigmoid score of an action reported for a box (default: ${DEFAULT-VALUE}).")
    float actionThreshold;

    @Option(names = "--actions-per-box", paramLabel = "K", defaultValue = "5", description = "Most actions per box (default: ${DEFAULT-VALUE}).")
    int actionsPerBox;

    @Option(names = "--detector-class", paramLabel = "ID", defaultValue = "0",
            description = "Class the detector keeps (0 = person in COCO-trained YOLO models; -1 = all) (default: ${DEFAULT-VALUE}).")
    int detectorClass;

    @Option(names = "--detector-score", paramLabel = "P", defaultValue = "0.35", description = "Lowest detector box score (default: ${DEFAULT-VALUE}).")
    float detectorScore;

    @Option(names = "--detector-iou", paramLabel = "IOU", defaultValue = "0.5", description = "Detector NMS overlap threshold (default: ${DEFAULT-VALUE}).")
    float detectorIou;

    @Option(names = "--motion-threshold", paramLabel = "LEVELS", defaultValue = "30",
            description = "Colour difference from the background that counts as motion, 0-255 (default: ${DEFAULT-VALUE}).")
    int motionThreshold;

    @Option(names = "--motion-min-area", paramLabel = "FRACTION", defaultValue = "0.002",
            description = "Smallest moving region, as a fraction of the frame (default: ${DEFAULT-VALUE}).")
    float motionMinArea;

    @Option(names = "--dead-letters-topic", defaultValue = "tubelet.dead-letters", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    String deadLettersTopic;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "4194304", description = "Larger frame messages are dead letters (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "16777216", description = "Larger images are dead letters, before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--exact-decode", description = "Decode every JPEG at full size (no DCT-scaled decoding of large frames).")
    boolean exactDecode;

    @Option(names = "--web-ui-port", paramLabel = "PORT", defaultValue = "8081", description = "Flink dashboard and REST API port (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(names = "--dry-run", description = "Check the options, the config file and the model, print what would run, and exit "
            + "without starting anything (e.g. before deploying a changed configuration).")
    boolean dryRun;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    VerboseOption verbose;

    boolean configApplied;

    /** On a Flink cluster (flink run, application mode): the cluster's environment, no embedded Kafka, no local dashboard. */
    boolean onCluster;

    @Override
    public Integer call() throws Exception {
        if (config != null && !configApplied) {
            return withConfigFile();
        }
        EmbeddedKafka embedded = null;
        if (dryRun) {
            return dryRun();
        }
        if (bootstrap == null && onCluster) {
            throw new IllegalArgumentException("--bootstrap is required on a cluster: expected the Kafka bootstrap servers, found none");
        }
        if (bootstrap == null) {
            embedded = EmbeddedKafka.start(kafkaPort, null);
            bootstrap = embedded.bootstrapServers();
            spec.commandLine().getOut().println("tubelet job: embedded Kafka on " + bootstrap);
        }
        try {
            return run();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int run() throws Exception {
        JobConfig cfg = jobConfig();
        ModelInfo model = Models.inspect(this.model, runtime);
        cfg = withFrames(cfg, model.frames());
        if (cfg.detects()) {
            Models.inspectDetector(detectModel, runtime, model);
            Models.checkDetectors(cfg.boxes());
        }
        StreamExecutionEnvironment env;
        if (onCluster) {
            env = StreamExecutionEnvironment.getExecutionEnvironment(TubeletJob.flinkConfiguration(cfg));
            TubeletJob.build(env, cfg, model.preprocessor());
        } else {
            env = TubeletJob.local(cfg, model.preprocessor(), webUiPort);
        }
        spec.commandLine().getOut().printf("tubelet job: frames from %s at %s, events to %s%s, %s; model %s on %s; dashboard http://localhost:%d%n",
                framesTopic, bootstrap, actionsTopic, cfg.detects() ? " and " + detectionsTopic + " (boxes: " + boxes + ")" : "", delivery,
                model.name(), model.provider(), webUiPort);
        env.execute("tubelet");
        return 0;
    }

    private int dryRun() {
        if (bootstrap == null) {
            bootstrap = onCluster ? "" : "(embedded Kafka on port " + kafkaPort + ")";
        }
        ModelInfo info = Models.inspect(this.model, runtime);
        JobConfig cfg = withFrames(jobConfig(), info.frames());
        if (cfg.detects()) {
            Models.inspectDetector(detectModel, runtime, info);
            Models.checkDetectors(cfg.boxes());
        }
        spec.commandLine().getOut().printf("tubelet job: configuration ok (dry run, nothing started): %s%n", cfg);
        return 0;
    }

    JobConfig jobConfig() {
        WindowSpec.Builder window = WindowSpec.builder().stride(stride).hop(hop).targetSampleRate(targetFps).maxReorder(maxReorder)
                .maxGap(maxGap).idleTimeout(Duration.ofSeconds(idleTimeoutS));
        if (uniformSpanMs > 0) {
            window.uniformSpan(Duration.ofMillis(uniformSpanMs));
        }
        JobConfig cfg = new JobConfig(bootstrap, new JobConfig.Topics(framesTopic, actionsTopic, detectionsTopic, deadLettersTopic), groupId,
                startingOffsets, Delivery.parse(delivery), Duration.ofMillis(checkpointIntervalMs), checkpointDir, window.build(),
                new InferenceSpec(model.toAbsolutePath().toString(), runtime.toExecutionOptions(), maxBatch, Duration.ofMillis(maxWaitMs), top),
                new FrameLimits(maxMessageBytes, maxPixels, 64 << 10), exactDecode, parallelism, Duration.ofMinutes(2), "tubelet-" + groupId);
        if (detectModel == null) {
            if (!cameraBoxes.isEmpty()) {
                throw new IllegalArgumentException("--camera-boxes: box sources need detection on; expected --detect-model DIR as well, found none");
            }
            return cfg;
        }
        java.util.Map<String, BoxSourceSpec> perCamera = new java.util.LinkedHashMap<>();
        cameraBoxes.forEach((camera, source) -> perCamera.put(camera, BoxSourceSpec.parse(source)));
        BoxSources sources = new BoxSources(BoxSourceSpec.parse(boxes), perCamera,
                new MotionProposer.Settings(160, motionThreshold, motionMinArea, 6, 0.15f, 5, 20),
                new BoxSources.DetectorSettings(detectorClass, detectorScore, detectorIou, 50), runtime.toExecutionOptions());
        DetectionSpec detection = new DetectionSpec(new InferenceSpec(detectModel.toAbsolutePath().toString(), runtime.toExecutionOptions(),
                maxBatch, Duration.ofMillis(maxWaitMs), actionsPerBox), actionThreshold);
        return cfg.withDetection(detection, sources);
    }

    static JobConfig withFrames(JobConfig cfg, int frames) {
        WindowSpec w = cfg.window();
        WindowSpec window = new WindowSpec(frames, w.stride(), w.hop(), w.uniformSpan(), w.targetSampleRate(), w.maxReorder(),
                w.reorderTimeout(), w.maxGap(), w.idleTimeout());
        return new JobConfig(cfg.bootstrap(), cfg.topics(), cfg.groupId(), cfg.startingOffsets(), cfg.delivery(), cfg.checkpointInterval(),
                cfg.checkpointDir(), window, cfg.inference(), cfg.limits(), cfg.exactDecode(), cfg.parallelism(), cfg.inferenceTimeout(),
                cfg.transactionalIdPrefix(), cfg.detection(), cfg.boxes());
    }

    /** The file's values first, the command line's after them (so flags win), parsed again. */
    private int withConfigFile() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + config + ": cannot read it (" + e.getMessage() + ")", e);
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            known.add(option.longestName().replaceFirst("^--", ""));
        }
        known.removeAll(Set.of("config", "help", "version", "verbose"));
        List<String> args = new ArrayList<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("--config " + config + ": unknown key '" + key + "'; expected one of " + known);
            }
            String value = props.getProperty(key).strip();
            OptionSpec option = spec.findOption("--" + key);
            if (option.arity().max() == 0) {
                if (Boolean.parseBoolean(value)) {
                    args.add("--" + key);
                }
            } else {
                args.add("--" + key + "=" + value);
            }
        }
        args.addAll(spec.commandLine().getParseResult().originalArgs());
        JobCommand again = new JobCommand();
        again.configApplied = true;
        again.onCluster = onCluster;
        CommandLine cli = new CommandLine(again).setCommandName(spec.qualifiedName());
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new OneLineErrors());
        return cli.execute(args.toArray(new String[0]));
    }
}
