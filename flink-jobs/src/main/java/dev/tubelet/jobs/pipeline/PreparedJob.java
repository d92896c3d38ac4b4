package dev.tubelet.jobs.pipeline;

import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.model.runtime.ModelInfo;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job whose configuration and models have been checked: the windows have the model's frame
 * count, and the classifier (and detector, and person detectors) opened. What is left is to add
 * it to an environment and run it, on a cluster or on a local MiniCluster.
 *
 * <pre>{@code
 * PreparedJob job = PreparedJob.prepare(JobConfigReader.read(values));
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job.flinkConfiguration());
 * job.addTo(env);
 * env.execute("tubelet");
 * }</pre>
 *
 * @param config the configuration, windows sized to the model
 * @param model what the classification model is (identity, provider, frames, preprocessing)
 */
public record PreparedJob(JobConfig config, ModelInfo model) {
    /**
     * @param config the configuration as read
     * @return the job, with its models checked
     * @throws dev.tubelet.model.InvalidModelException when a model is missing, corrupt or does not fit
     * @throws IllegalArgumentException when the detection model does not take the classifier's frames, or a
     *     rule names a label no model has
     */
    public static PreparedJob prepare(JobConfig config) {
        ModelInfo model = ModelInspection.classifier(Path.of(config.inference().modelPath()));
        java.util.Set<String> labels =
                new java.util.LinkedHashSet<>(model.labels().names());
        if (config.detects()) {
            labels.addAll(ModelInspection.detector(
                            Path.of(config.detection().inference().modelPath()), model)
                    .labels()
                    .names());
            ModelInspection.personDetectors(config.boxes());
        }
        if (config.scoresAnomalies()) {
            ModelInspection.anomalyModel(Path.of(config.anomaly().inference().modelPath()), model);
        }
        config.rules().checkLabels(labels);
        config.rules().checkAnomalies(config.scoresAnomalies());
        return new PreparedJob(config.withModelFrames(model.frames()), model);
    }

    /** @return the Flink settings the job needs (see {@link TubeletJob#flinkConfiguration}) */
    public Configuration flinkConfiguration() {
        return TubeletJob.flinkConfiguration(config);
    }

    /** @param env where the job's operators are added */
    public void addTo(StreamExecutionEnvironment env) {
        TubeletJob.build(env, config, model.preprocessor());
    }

    /** @return one line saying what will run */
    public String describe() {
        return String.format(
                "frames from %s at %s (%s), events to %s%s, %s; model %s on %s",
                config.topics().frames(),
                KafkaClientConfig.redactBootstrap(config.bootstrap()),
                config.kafka(),
                config.topics().actions(),
                (config.detects()
                                ? " and " + config.topics().detections() + " (boxes: "
                                        + config.boxes().defaults() + ")"
                                : "")
                        + (config.scoresAnomalies() ? " and " + config.topics().anomalies() : ""),
                config.delivery().text(),
                model.name(),
                where(config.inference().execution()));
    }

    /** Where the TaskManagers will run the model: they choose the provider when they open it. */
    private static String where(dev.tubelet.model.runtime.ExecutionOptions execution) {
        String provider = execution.provider().name().toLowerCase(java.util.Locale.ROOT);
        return execution.requireGpu()
                ? provider + ", a GPU required (checked on the TaskManagers)"
                : provider + " (chosen on the TaskManagers)";
    }
}
