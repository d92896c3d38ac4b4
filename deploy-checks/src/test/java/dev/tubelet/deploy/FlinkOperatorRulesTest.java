package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;

/**
 * The operator's rules, one by one: the base FlinkDeployment passes them, and each rule refuses a
 * copy of it broken in the one way the rule is about (so that a rule that cannot fail would show).
 */
class FlinkOperatorRulesTest {
    private static FlinkDeployment base() throws Exception {
        return KubernetesTest.base().one(FlinkDeployment.class);
    }

    private static List<String> brokenBy(Consumer<FlinkDeployment> change) throws Exception {
        FlinkDeployment d = base();
        d.getSpec().setFlinkConfiguration(new HashMap<>(d.getSpec().getFlinkConfiguration()));
        change.accept(d);
        return FlinkOperatorRules.violations(d, "v2_2");
    }

    @Test
    void theBaseDeploymentPassesEveryRule() throws Exception {
        assertThat(FlinkOperatorRules.violations(base(), "v2_2")).isEmpty();
    }

    @Test
    void savepointUpgradesNeedCheckpointAndSavepointDirectoriesInFlinksConfiguration() throws Exception {
        assertThat(brokenBy(d -> d.getSpec().getFlinkConfiguration().remove("execution.checkpointing.dir")))
                .containsExactly(
                        "Checkpoint directory[execution.checkpointing.dir] must be defined for last-state and savepoint upgrade modes");
        assertThat(brokenBy(d -> d.getSpec().getFlinkConfiguration().remove("execution.checkpointing.savepoint-dir")))
                .containsExactly(
                        "Job could not be upgraded with savepoint while config key[execution.checkpointing.savepoint-dir] is not set");
        assertThat(brokenBy(d -> {
                    d.getSpec().getFlinkConfiguration().remove("execution.checkpointing.dir");
                    d.getSpec().getFlinkConfiguration().remove("execution.checkpointing.savepoint-dir");
                    d.getSpec().getJob().setUpgradeMode(UpgradeMode.STATELESS);
                }))
                .as("a stateless job needs neither")
                .isEmpty();
    }

    @Test
    void keysTheOperatorSetsItselfAreForbidden() throws Exception {
        assertThat(brokenBy(d -> d.getSpec().getFlinkConfiguration().put("kubernetes.cluster-id", "x")))
                .containsExactly("Forbidden Flink config key: kubernetes.cluster-id");
    }

    @Test
    void theNameVersionAndServiceAccountMustBeThere() throws Exception {
        assertThat(brokenBy(d -> d.getMetadata().setName("Tubelet_1")))
                .singleElement()
                .asString()
                .startsWith("The FlinkDeployment name: Tubelet_1 is invalid");
        assertThat(FlinkOperatorRules.violations(base(), "v1_14"))
                .containsExactly("Flink version v1_14 is not supported by this operator version");
        assertThat(FlinkOperatorRules.violations(base(), null)).containsExactly("Flink Version must be defined.");
        assertThat(brokenBy(d -> d.getSpec().setServiceAccount(null)))
                .singleElement()
                .asString()
                .startsWith("spec.serviceAccount must be defined");
    }

    @Test
    void resourcesAndParallelismMustBeUsable() throws Exception {
        assertThat(brokenBy(d -> d.getSpec().getJobManager().getResource().setMemory(null)))
                .containsExactly("JobManager resource memory must be defined using `spec.jobManager.resource.memory`");
        assertThat(brokenBy(d -> d.getSpec().getTaskManager().getResource().setMemory("lots")))
                .singleElement()
                .asString()
                .startsWith("TaskManager resource memory parse error");
        assertThat(brokenBy(d -> d.getSpec().getTaskManager().getResource().setMemory("8Gi")))
                .as("a Kubernetes quantity")
                .isEmpty();
        assertThat(brokenBy(d -> d.getSpec().getJob().setParallelism(0)))
                .containsExactly("Job parallelism must be larger than 0");
        assertThat(brokenBy(d -> {
                    d.getSpec().getJobManager().setReplicas(2);
                    d.getSpec().getFlinkConfiguration().remove("high-availability.type");
                }))
                .containsExactly("High availability should be enabled when starting standby JobManagers.");
    }

    @Test
    void theJobJarIsTheOneInTheImage() throws Exception {
        assertThat(brokenBy(d -> d.getSpec().getJob().setJarURI("https://example.com/tubelet-job.jar")))
                .singleElement()
                .asString()
                .contains("expected local://");
    }
}
