package dev.tubelet.jobs.pipeline;

import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.operators.alerts.AlertUpdate;
import dev.tubelet.operators.alerts.AnomalyAlerts;
import dev.tubelet.operators.alerts.SegmentAlerts;
import dev.tubelet.operators.anomaly.AnomalyBaselines;
import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.operators.events.ActionEvents;
import dev.tubelet.operators.events.AlertRecords;
import dev.tubelet.operators.events.AnomalyEvents;
import dev.tubelet.operators.events.DetectionEmitTimer;
import dev.tubelet.operators.events.DetectionEvents;
import dev.tubelet.operators.events.EmitTimer;
import dev.tubelet.operators.events.SegmentRecords;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.RawKafkaRecord;
import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.operators.inference.BatchedAnomaly;
import dev.tubelet.operators.inference.BatchedDetection;
import dev.tubelet.operators.inference.BatchedInference;
import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.operators.segments.ActionSegments;
import dev.tubelet.operators.segments.SegmentUpdate;
import dev.tubelet.operators.tracking.DetectionTracker;
import dev.tubelet.operators.tracking.IouTracker;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.StridedWindowAssembler;
import dev.tubelet.operators.window.WindowFrames;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.ActionSegment;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AnomalyEvent;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.DetectionEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The streaming job: frames from Kafka → parse (dead letters for bad records) → key by camera →
 * strided windows (decode sampled frames only) → batched VideoMAE inference (async I/O, so windows
 * in flight are checkpointed) → action events and dead letters back to Kafka.
 *
 * <p>Operators have stable uids (savepoints survive upgrades) and readable names (the dashboard).
 */
public final class TubeletJob {
    private TubeletJob() {}

    /**
     * The frames consumer's settings: read_committed, fetches that wait for a batch of frames
     * (one fetch per frame costs the broker and this job a request each), Kafka's own 1 MB per
     * partition, and then the user's {@code --kafka-config}, which overrides them. With
     * 16 MB per partition, a job behind its partitions fetched them unevenly, and the cameras of
     * one stayed half a minute behind the rest; a frame larger than that still comes, alone, at
     * the head of a fetch.
     *
     * @param cfg the job configuration
     * @return properties for the Kafka source
     */
    static Properties framesConsumerProperties(JobConfig cfg) {
        Properties props = new Properties();
        props.setProperty("isolation.level", "read_committed");
        props.setProperty("max.partition.fetch.bytes", Integer.toString(1 << 20));
        props.setProperty("fetch.min.bytes", Integer.toString(cfg.fetchWait().isZero() ? 1 : 256 << 10));
        props.setProperty("fetch.max.wait.ms", Long.toString(cfg.fetchWait().toMillis()));
        return cfg.kafka().applyTo(props);
    }

    /**
     * Flink settings the job relies on: no Kryo anywhere (every type has an explicit serializer),
     * object reuse (windows share frame planes with the state instead of copying them), and
     * checkpoints on a file system (windows are megabytes per camera, beyond the JobManager's 5 MB
     * in-memory limit), in {@code checkpoint-dir} when the job is given one. Nothing else: the
     * restart strategy and, without {@code checkpoint-dir}, the checkpoint directory are the
     * cluster's to set ({@code flinkConfiguration}, {@code FLINK_PROPERTIES}); a setting made here
     * would override them.
     *
     * @param cfg the job configuration
     * @return configuration for the environment
     */
    public static Configuration flinkConfiguration(JobConfig cfg) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // frames cross one network exchange (keyed by camera): flush a partly filled buffer after
        // 10 ms rather than Flink's 100, so that a window's last frame does not wait for others
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(10));
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        if (cfg.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, cfg.checkpointDir());
        }
        return conf;
    }

    /**
     * Adds the job's operators to an environment.
     *
     * @param env the environment (configured with {@link #flinkConfiguration})
     * @param cfg the job configuration
     * @param preprocessing the model's preprocessing
     */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg, PreprocessorConfig preprocessing) {
        env.enableCheckpointing(
                cfg.checkpointInterval().toMillis(),
                cfg.delivery() == Delivery.EXACTLY_ONCE
                        ? CheckpointingMode.EXACTLY_ONCE
                        : CheckpointingMode.AT_LEAST_ONCE);
        if (cfg.parallelism() > 0) {
            env.setParallelism(cfg.parallelism());
        }
        OffsetsInitializer offsets = switch (cfg.startingOffsets()) {
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> OffsetsInitializer.earliest();
        };
        KafkaSource<RawKafkaRecord> source = KafkaSource.<RawKafkaRecord>builder()
                .setBootstrapServers(cfg.bootstrap())
                .setTopics(cfg.topics().frames())
                .setGroupId(cfg.groupId())
                .setStartingOffsets(offsets)
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(framesConsumerProperties(cfg))
                .build();
        DataStream<RawKafkaRecord> raw = env.fromSource(
                        source,
                        WatermarkStrategy.<RawKafkaRecord>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withIdleness(Duration.ofSeconds(30)),
                        "frames from Kafka")
                .uid("kafka-frames-source");

        SingleOutputStreamOperator<FrameEnvelope> frames = raw.process(
                        new BrokerWatchingParser(cfg.limits(), cfg.bootstrap(), cfg.kafka()))
                .name("parse frames")
                .uid("parse-frames");
        SingleOutputStreamOperator<ClipWindow> windows = byCamera(frames, cfg.parallelism())
                .process(new StridedWindowAssembler(
                        cfg.window(),
                        preprocessing,
                        cfg.limits(),
                        cfg.exactDecode(),
                        cfg.boxes(),
                        cfg.planeCacheBytes()))
                .name("strided windows (decode sampled frames)")
                .uid("window-assembler");
        WindowFrames.Decoding decoding = new WindowFrames.Decoding(cfg.limits().maxPixels(), cfg.exactDecode());
        int batch = cfg.inference().maxBatch() > 0 ? cfg.inference().maxBatch() : ClassifierOptions.GPU_BATCH;
        int capacity = Math.max(16, batch * 4);
        DataStream<ScoredWindow> scored = AsyncDataStream.orderedWait(
                        windows,
                        new BatchedInference(cfg.inference(), decoding),
                        cfg.inferenceTimeout().toMillis(),
                        TimeUnit.MILLISECONDS,
                        capacity)
                .name("VideoMAE inference (batched)")
                .uid("batched-inference");

        SingleOutputStreamOperator<AnomalyWindow> anomalies = null;
        if (cfg.scoresAnomalies()) {
            int anomalyBatch = cfg.anomaly().inference().maxBatch() > 0
                    ? cfg.anomaly().inference().maxBatch()
                    : ClassifierOptions.GPU_BATCH;
            anomalies = AsyncDataStream.orderedWait(
                            windows,
                            new BatchedAnomaly(cfg.anomaly(), decoding),
                            cfg.inferenceTimeout().toMillis(),
                            TimeUnit.MILLISECONDS,
                            Math.max(16, anomalyBatch * 4))
                    .name("VideoMAE anomaly score (batched)")
                    .uid("batched-anomaly")
                    .keyBy(new AnomalyCameraKey())
                    .process(new AnomalyBaselines(cfg.anomaly()))
                    .name("anomaly baselines")
                    .uid("anomaly-baselines");
            anomalies
                    .sinkTo(sink(
                            cfg,
                            new SingleObjectKafkaSerializer<AnomalyWindow, AnomalyEvent>(
                                    cfg.topics().anomalies(), AnomalyEvent.class, w -> w.cameraId, AnomalyEvents::of),
                            "-anomalies"))
                    .name("anomalies to Kafka")
                    .uid("anomalies-sink");
        }

        SingleOutputStreamOperator<ScoredWindow> actionEvents =
                scored.map(new EmitTimer()).name("action events").uid("action-events");
        DataStream<SegmentUpdate> segments = actionEvents
                .keyBy(new ScoredCameraKey())
                .process(ActionSegments.ofWindows(cfg.segments()))
                .name("action segments")
                .uid("action-segments");
        actionEvents
                .sinkTo(sink(
                        cfg,
                        new SingleObjectKafkaSerializer<ScoredWindow, ActionEvent>(
                                cfg.topics().actions(), ActionEvent.class, w -> w.cameraId, ActionEvents::of),
                        "-actions"))
                .name("actions to Kafka")
                .uid("actions-sink");
        if (cfg.detects()) {
            DataStream<DetectedWindow> detected = AsyncDataStream.orderedWait(
                            windows,
                            new BatchedDetection(cfg.detection(), decoding),
                            cfg.inferenceTimeout().toMillis(),
                            TimeUnit.MILLISECONDS,
                            capacity)
                    .name("VideoMAE detection (RoIAlign, batched)")
                    .uid("batched-detection");
            SingleOutputStreamOperator<DetectedWindow> tracked = detected.keyBy(new DetectedCameraKey())
                    .process(new DetectionTracker(
                            IouTracker.defaults(), cfg.window().idleTimeout()))
                    .name("track boxes")
                    .uid("detection-tracker")
                    .map(new DetectionEmitTimer())
                    .name("detection events")
                    .uid("detection-events");
            segments = segments.union(tracked.keyBy(new DetectedCameraKey())
                    .process(ActionSegments.ofTracks(cfg.segments()))
                    .name("track segments")
                    .uid("track-segments"));
            tracked.sinkTo(sink(
                            cfg,
                            new SingleObjectKafkaSerializer<DetectedWindow, DetectionEvent>(
                                    cfg.topics().detections(),
                                    DetectionEvent.class,
                                    w -> w.cameraId,
                                    DetectionEvents::of),
                            "-detections"))
                    .name("detections to Kafka")
                    .uid("detections-sink");
        }
        if (!cfg.rules().isEmpty()) {
            DataStream<AlertUpdate> alerts = segments.keyBy(new SegmentCameraKey())
                    .process(new SegmentAlerts(cfg.rules()))
                    .name("alert rules")
                    .uid("alert-rules");
            if (anomalies != null && cfg.rules().watchAnomalies()) {
                alerts = alerts.union(anomalies
                        .keyBy(new AnomalyCameraKey())
                        .process(new AnomalyAlerts(cfg.rules()))
                        .name("anomaly alert rules")
                        .uid("anomaly-alert-rules"));
            }
            alerts.sinkTo(sink(
                            cfg,
                            new SingleObjectKafkaSerializer<AlertUpdate, Alert>(
                                    cfg.topics().alerts(), Alert.class, a -> a.cameraId, AlertRecords::of),
                            "-alerts"))
                    .name("alerts to Kafka")
                    .uid("alerts-sink");
        }
        // an open segment's progress is for the rules only: OPEN and CLOSED are published
        segments.filter(u -> !u.progress)
                .name("segment changes")
                .uid("segment-changes")
                .sinkTo(sink(
                        cfg,
                        new SingleObjectKafkaSerializer<SegmentUpdate, ActionSegment>(
                                cfg.topics().segments(), ActionSegment.class, u -> u.cameraId, SegmentRecords::of),
                        "-segments"))
                .name("segments to Kafka")
                .uid("segments-sink");
        DataStream<DeadLetterRecord> dead =
                frames.getSideOutput(DeadLetters.TAG).union(windows.getSideOutput(DeadLetters.TAG));
        dead.sinkTo(sink(
                        cfg,
                        new SingleObjectKafkaSerializer<DeadLetterRecord, DeadLetter>(
                                cfg.topics().deadLetters(),
                                DeadLetter.class,
                                d -> d.cameraId,
                                DeadLetterRecord::toAvro),
                        "-dead-letters"))
                .name("dead letters to Kafka")
                .uid("dead-letters-sink");
    }

    /**
     * A Kafka sink of one event stream with the job's delivery guarantee; transactional ids are
     * the job's prefix plus {@code suffix}, one per sink.
     */
    private static <T> KafkaSink<T> sink(JobConfig cfg, KafkaRecordSerializationSchema<T> serializer, String suffix) {
        Properties producer = new Properties();
        // below the broker's transaction.max.timeout.ms (15 min by default)
        producer.setProperty(
                "transaction.timeout.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
        producer.setProperty("max.request.size", Integer.toString(8 << 20));
        cfg.kafka().applyTo(producer);
        return KafkaSink.<T>builder()
                .setBootstrapServers(cfg.bootstrap())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        cfg.delivery() == Delivery.EXACTLY_ONCE
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(cfg.transactionalIdPrefix() + suffix)
                .setKafkaProducerConfig(producer)
                .build();
    }

    /**
     * Frames keyed by camera. A job of one subtask holds every camera in that subtask, so its frames
     * need no shuffle: the window operator is chained to the source and parser and reads each frame
     * in the thread that parsed it (no serialization into network buffers, no copy out, no hand-off
     * between threads, for every frame including the three of four that are never sampled). With
     * more subtasks the frames are shuffled by camera as usual. The state is keyed the same way in
     * both, so a savepoint of either restores into the other.
     */
    static KeyedStream<FrameEnvelope, String> byCamera(DataStream<FrameEnvelope> frames, int parallelism) {
        return parallelism == 1
                ? DataStreamUtils.reinterpretAsKeyedStream(frames, new CameraKey())
                : frames.keyBy(new CameraKey());
    }
}
