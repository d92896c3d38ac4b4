package dev.tubelet.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.Resource;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;

/**
 * The rules the Flink Kubernetes Operator applies to a FlinkDeployment before it deploys it, for
 * the fields Tubelet uses, written from the operator's own validator (apache/flink-kubernetes-operator
 * at release-1.13.0, {@code flink-kubernetes-operator/src/main/java/org/apache/flink/kubernetes/operator/validation/DefaultValidator.java},
 * and the jar handling of {@code config/FlinkConfigBuilder.java}), with its messages. The operator
 * API jar here (1.10) has the model classes but not the validator, which needs the operator's
 * whole runtime.
 */
final class FlinkOperatorRules {
    /** DefaultValidator.DEPLOYMENT_NAME_PATTERN. */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z\\d]{0,43}[a-z\\d])?");
    /** DefaultValidator.FORBIDDEN_CONF_KEYS: the operator sets them itself. */
    private static final List<String> FORBIDDEN_KEYS =
            List.of("kubernetes.namespace", "kubernetes.cluster-id", "high-availability.cluster-id");
    /** CheckpointingOptions.CHECKPOINTS_DIRECTORY and its deprecated key, as Configuration#getString reads them. */
    private static final List<String> CHECKPOINT_DIR_KEYS =
            List.of("execution.checkpointing.dir", "state.checkpoints.dir");
    /** CheckpointingOptions.SAVEPOINT_DIRECTORY and its deprecated key. */
    private static final List<String> SAVEPOINT_DIR_KEYS =
            List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");
    /** FlinkVersion of operator 1.13.0 (flink-kubernetes-operator-api) that isSupported: v1_15 and newer. */
    static final List<String> SUPPORTED_FLINK_VERSIONS =
            List.of("v1_15", "v1_16", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2");

    private FlinkOperatorRules() {}

    /**
     * @param deployment the FlinkDeployment
     * @param flinkVersion its {@code spec.flinkVersion} as written (the 1.10 model has no v2_x constants)
     * @return what the operator would refuse it for, in its words; empty when it would deploy it
     */
    static List<String> violations(FlinkDeployment deployment, String flinkVersion) {
        List<String> out = new ArrayList<>();
        FlinkDeploymentSpec spec = deployment.getSpec();
        Map<String, String> conf = spec.getFlinkConfiguration() == null ? Map.of() : spec.getFlinkConfiguration();
        String name = deployment.getMetadata().getName();
        if (name == null || !NAME.matcher(name).matches()) {
            out.add("The FlinkDeployment name: " + name
                    + " is invalid, must consist of lower case alphanumeric characters or '-', "
                    + "start with an alphabetic character, and end with an alphanumeric character, and the length must be no "
                    + "more than 45 characters.");
        }
        if (flinkVersion == null) {
            out.add("Flink Version must be defined.");
        } else if (!SUPPORTED_FLINK_VERSIONS.contains(flinkVersion)) {
            out.add("Flink version " + flinkVersion + " is not supported by this operator version");
        }
        for (String key : FORBIDDEN_KEYS) {
            if (conf.containsKey(key)) {
                out.add("Forbidden Flink config key: " + key);
            }
        }
        JobSpec job = spec.getJob();
        if (job != null) {
            UpgradeMode mode = job.getUpgradeMode() == null ? UpgradeMode.STATELESS : job.getUpgradeMode();
            if (mode != UpgradeMode.STATELESS && blank(conf, CHECKPOINT_DIR_KEYS)) {
                out.add(
                        "Checkpoint directory[execution.checkpointing.dir] must be defined for last-state and savepoint upgrade modes");
            }
            if (mode == UpgradeMode.SAVEPOINT && blank(conf, SAVEPOINT_DIR_KEYS)) {
                out.add(
                        "Job could not be upgraded with savepoint while config key[execution.checkpointing.savepoint-dir] is not set");
            }
            boolean tmReplicas =
                    spec.getTaskManager() != null && spec.getTaskManager().getReplicas() != null;
            if (tmReplicas && spec.getTaskManager().getReplicas() < 1) {
                out.add("TaskManager replicas must be larger than 0");
            } else if (!tmReplicas && job.getParallelism() < 1) {
                out.add("Job parallelism must be larger than 0");
            }
            // native application mode: the jar becomes pipeline.jars as the URI is written; local:// means
            // "in the image", the only scheme that needs no artifact fetching
            if (job.getJarURI() == null) {
                out.add("spec.job.jarURI must name the job jar (local:// for a jar in the image)");
            } else {
                URI uri = URI.create(job.getJarURI());
                if (!"local".equals(uri.getScheme())) {
                    out.add("spec.job.jarURI " + job.getJarURI()
                            + ": expected local:// (the jar in the image), found scheme " + uri.getScheme());
                }
            }
        }
        if (spec.getJobManager() == null
                || spec.getJobManager().getResource() == null
                || spec.getJobManager().getResource().getMemory() == null) {
            out.add("JobManager resource memory must be defined using `spec.jobManager.resource.memory`");
        } else {
            memory("JobManager", spec.getJobManager().getResource(), out);
            int replicas = spec.getJobManager().getReplicas();
            if (replicas < 1) {
                out.add("JobManager replicas should not be configured less than one.");
            } else if (replicas > 1 && !conf.containsKey("high-availability.type")) {
                out.add("High availability should be enabled when starting standby JobManagers.");
            }
        }
        if (spec.getTaskManager() == null
                || spec.getTaskManager().getResource() == null
                || spec.getTaskManager().getResource().getMemory() == null) {
            out.add("TaskManager resource memory must be defined using `spec.taskManager.resource.memory`");
        } else {
            memory("TaskManager", spec.getTaskManager().getResource(), out);
        }
        if (spec.getServiceAccount() == null) {
            out.add(
                    "spec.serviceAccount must be defined. If you use helm, its value should be the same with the name of jobServiceAccount.");
        }
        return out;
    }

    private static boolean blank(Map<String, String> conf, List<String> keys) {
        return keys.stream().map(conf::get).allMatch(v -> v == null || v.isBlank());
    }

    /** FlinkConfigBuilder.parseResourceMemoryString: Flink's memory syntax, else a Kubernetes quantity. */
    private static void memory(String component, Resource resource, List<String> out) {
        try {
            MemorySize.parse(resource.getMemory());
        } catch (IllegalArgumentException flinkSyntax) {
            try {
                io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                        io.fabric8.kubernetes.api.model.Quantity.parse(resource.getMemory()
                                .trim()
                                .replaceAll("\\s", "")
                                .replaceAll("(?i)b$", "")));
            } catch (IllegalArgumentException e) {
                out.add(component + " resource memory parse error: " + e.getMessage());
            }
        }
    }
}
