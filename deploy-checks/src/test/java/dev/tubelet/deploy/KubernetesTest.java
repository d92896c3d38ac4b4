package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/: every resource deserializes strictly (unknown fields refused) into the official model
 * classes: Strimzi's {@code io.strimzi:api}, the Flink Kubernetes Operator's API, fabric8's
 * Kubernetes model; the overlays rendered by kustomize do too; and the pieces fit each other.
 */
class KubernetesTest {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Namespace.class),
            Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("Job", Job.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class),
            Map.entry("KafkaTopic", KafkaTopic.class),
            Map.entry("KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class),
            Map.entry("FlinkDeployment", FlinkDeployment.class));

    /**
     * The resources of one rendering (the raw base, or an overlay), typed.
     *
     * @param flinkVersion the FlinkDeployment's spec.flinkVersion as written (the model class has no v2_x)
     */
    record Resources(List<HasMetadata> all, String flinkVersion) {
        <T extends HasMetadata> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = of(type);
            assertThat(found).as("resources of kind %s", type.getSimpleName()).hasSize(1);
            return found.get(0);
        }
    }

    static Resources typed(List<JsonNode> docs, String where) throws Exception {
        List<HasMetadata> resources = new ArrayList<>();
        String flinkVersion = null;
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("FlinkDeployment")
                    && doc.path("spec").has("flinkVersion")) {
                flinkVersion = doc.path("spec").path("flinkVersion").asText();
            }
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertThat(type)
                    .as("%s: a model class for kind '%s' (expected one of %s)", where, kind, KINDS.keySet())
                    .isNotNull();
            resources.add(StrictModel.map(flinkVersionChecked(doc), type, where));
        }
        return new Resources(resources, flinkVersion);
    }

    /**
     * The newest operator API on Maven Central here (1.10) predates Flink 2, so its FlinkVersion enum
     * stops at v1_20: the version is checked against the pom here, then left out of the strict mapping.
     */
    static JsonNode flinkVersionChecked(JsonNode doc) {
        if (!doc.path("kind").asText().equals("FlinkDeployment")
                || !doc.path("spec").has("flinkVersion")) {
            return doc;
        }
        String[] v = RepositoryFiles.version("flink.version").split("\\.");
        assertThat(doc.path("spec").path("flinkVersion").asText()).isEqualTo("v" + v[0] + "_" + v[1]);
        ObjectNode copy = doc.deepCopy();
        ((ObjectNode) copy.path("spec")).remove("flinkVersion");
        return copy;
    }

    static Resources base() throws Exception {
        JsonNode kustomization = RepositoryFiles.documents(RepositoryFiles.file("k8s/base/kustomization.yaml"))
                .get(0);
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode r : kustomization.path("resources")) {
            docs.addAll(RepositoryFiles.documents(RepositoryFiles.file("k8s/base/" + r.asText())));
        }
        try (Stream<Path> files = Files.list(RepositoryFiles.root().resolve("k8s/base"))) {
            Set<String> listed = new java.util.HashSet<>();
            kustomization.path("resources").forEach(r -> listed.add(r.asText()));
            kustomization.path("configurations").forEach(r -> listed.add(r.asText()));
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("kustomization.yaml")))
                    .as("every file in k8s/base is in its kustomization (resources or configurations)")
                    .allMatch(listed::contains);
        }
        return typed(docs, "k8s/base");
    }

    static Resources rendered(String overlay) throws Exception {
        ExternalTool kubectl =
                ExternalTool.require("kubectl", List.of(List.of("kubectl")), List.of("version", "--client"));
        ExternalTool.Result r = kubectl.run(RepositoryFiles.root(), "kustomize", "k8s/overlays/" + overlay);
        assertThat(r.exit())
                .as("kubectl kustomize k8s/overlays/%s: %s", overlay, r.err())
                .isZero();
        return typed(RepositoryFiles.documents(r.out()), "kustomize build k8s/overlays/" + overlay);
    }

    @Test
    void rawManifestsFitTheOfficialModelClasses() throws Exception {
        Resources base = base();
        assertThat(base.all())
                .extracting(HasMetadata::getKind)
                .contains("FlinkDeployment", "Kafka", "KafkaNodePool", "KafkaTopic", "Deployment", "ConfigMap");
        checkTogether(base, "k8s/base");
        typed(
                RepositoryFiles.documents(RepositoryFiles.file("k8s/overlays/gpu/flinkdeployment-gpu.yaml")),
                "gpu patch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void overlaysRenderWithKustomizeIntoValidResources(String overlay) throws Exception {
        Resources r = rendered(overlay);
        assertThat(r.all())
                .allMatch(m -> m.getKind().equals("Namespace")
                        || "tubelet".equals(m.getMetadata().getNamespace()));
        FlinkDeployment flink = r.one(FlinkDeployment.class);
        String tag = RepositoryFiles.imageVersion();
        Container tm = flink.getSpec().getTaskManager().getPodTemplate() == null
                ? null
                : flink.getSpec()
                        .getTaskManager()
                        .getPodTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        // an image name pulls from a registry of its own only when its first element is a host (has a '.'
        // or a ':', or is localhost); `tubelet/flink` would be looked up on Docker Hub, where it is not
        assertThat(images(r))
                .as("images of the %s overlay", overlay)
                .allMatch(i -> i.contains("/") && i.substring(0, i.indexOf('/')).matches(".*[.:].*|localhost"));
        String registry = clusterSetting("tubelet/flink").replaceFirst("/tubelet/flink$", "");
        assertThat(registry).as("the registry in k8s/cluster-settings").isNotBlank();
        // every container image, the FlinkDeployment's included, comes from the cluster's registry
        assertThat(images(r))
                .as("images of the %s overlay", overlay)
                .isNotEmpty()
                .allMatch(i -> i.startsWith(registry + "/tubelet/"));
        String storageClass = clusterStorageClass();
        assertThat(r.of(PersistentVolumeClaim.class))
                .as("claims of the %s overlay", overlay)
                .isNotEmpty()
                .allMatch(c -> storageClass.equals(c.getSpec().getStorageClassName()));
        if (overlay.equals("gpu")) {
            assertThat(flink.getSpec().getImage()).isEqualTo(registry + "/tubelet/flink:" + tag + "-gpu");
            assertThat(tm.getName()).isEqualTo("flink-main-container");
            assertThat(tm.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
            var pod = flink.getSpec().getTaskManager().getPodTemplate().getSpec();
            assertThat(pod.getNodeSelector()).isNotEmpty();
            assertThat(pod.getTolerations()).anyMatch(t -> t.getKey().equals("nvidia.com/gpu"));
            // the GPU patch keeps the base's shared pod template (volumes) and job
            assertThat(flink.getSpec().getPodTemplate().getSpec().getVolumes())
                    .hasSameSizeAs(base().one(FlinkDeployment.class)
                            .getSpec()
                            .getPodTemplate()
                            .getSpec()
                            .getVolumes());
            assertThat(flink.getSpec().getJob().getEntryClass()).isEqualTo("dev.tubelet.jobs.ClusterJob");
            // the JobManager sees no GPU; TensorRT caches its engines on the shared volume
            var jm = flink.getSpec()
                    .getJobManager()
                    .getPodTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            assertThat(jm.getEnv())
                    .anyMatch(e -> e.getName().equals("NVIDIA_VISIBLE_DEVICES")
                            && e.getValue().equals("void"));
            assertThat(tm.getEnv()).noneMatch(e -> e.getName().equals("NVIDIA_VISIBLE_DEVICES"));
            assertThat(String.join(" ", flink.getSpec().getJob().getArgs()))
                    .contains("--provider tensorrt")
                    .contains("--trt-cache /flink-data/trt-cache");
        } else {
            assertThat(flink.getSpec().getImage()).isEqualTo(registry + "/tubelet/flink:" + tag + "-cpu");
            assertThat(tm).isNull();
        }
        checkTogether(r, overlay);
    }

    /** @return the newName k8s/cluster-settings gives an image */
    private static String clusterSetting(String image) throws Exception {
        JsonNode settings = RepositoryFiles.documents(RepositoryFiles.file("k8s/cluster-settings/kustomization.yaml"))
                .get(0);
        for (JsonNode i : settings.path("images")) {
            if (i.path("name").asText().equals(image)) {
                return i.path("newName").asText();
            }
        }
        throw new AssertionError("k8s/cluster-settings: expected an images entry for " + image + ", found none");
    }

    /** @return the storage class k8s/cluster-settings gives the claims */
    private static String clusterStorageClass() throws Exception {
        JsonNode settings = RepositoryFiles.documents(RepositoryFiles.file("k8s/cluster-settings/kustomization.yaml"))
                .get(0);
        Matcher m = Pattern.compile("path: /spec/storageClassName\\s+value: (\\S+)")
                .matcher(settings.path("patches").get(0).path("patch").asText());
        assertThat(m.find())
                .as("k8s/cluster-settings: a storageClassName patch")
                .isTrue();
        return m.group(1);
    }

    private static Deployment deployment(Resources r, String name) {
        return r.of(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    /** @return the image of every container and of the FlinkDeployment */
    private static List<String> images(Resources r) {
        List<String> images = new ArrayList<>();
        FlinkDeployment flink = r.one(FlinkDeployment.class);
        images.add(flink.getSpec().getImage());
        r.of(Deployment.class)
                .forEach(d ->
                        d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage())));
        r.of(Job.class)
                .forEach(j ->
                        j.getSpec().getTemplate().getSpec().getContainers().forEach(c -> images.add(c.getImage())));
        return images;
    }

    /** What must agree across the resources, in any rendering. */
    private static void checkTogether(Resources r, String where) throws Exception {
        FlinkDeployment flink = r.one(FlinkDeployment.class);
        var spec = flink.getSpec();
        var job = spec.getJob();
        assertThat(job.getJarURI()).isEqualTo("local:///opt/flink/usrlib/tubelet-job.jar");
        assertThat(job.getEntryClass()).isEqualTo("dev.tubelet.jobs.ClusterJob");
        Class.forName(job.getEntryClass());
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        FlinkOptions.assertValid(where + " FlinkDeployment.flinkConfiguration", spec.getFlinkConfiguration());
        assertThat(spec.getFlinkConfiguration().get("classloader.parent-first-patterns.additional"))
                .contains("ai.onnxruntime", "org.bytedeco");
        assertThat(spec.getFlinkConfiguration())
                .containsKeys(
                        "high-availability.type",
                        "high-availability.storageDir",
                        "metrics.reporter.prom.factory.class");
        // what the operator checks before it deploys anything
        assertThat(FlinkOperatorRules.violations(flink, r.flinkVersion()))
                .as("%s: the Flink Kubernetes Operator's validation", where)
                .isEmpty();
        // checkpoints, savepoints and HA metadata on the claim every Flink pod mounts
        for (String key : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(spec.getFlinkConfiguration().get(key))
                    .as("%s: %s", where, key)
                    .startsWith("file:///flink-data/");
        }
        // the cluster's restart strategy is the only one (the job sets none in code)
        assertThat(spec.getFlinkConfiguration()).containsEntry("restart-strategy.type", "exponential-delay");
        // native mode: the operator hands job.args to the job as they are; in standalone mode they would
        // go through Flink's entrypoint parser (see standaloneModeWouldNotHandTheJobItsArguments)
        assertThat(spec.getMode())
                .isEqualTo(org.apache.flink.kubernetes.operator.api.spec.KubernetesDeploymentMode.NATIVE);

        // parallelism matched to the frames topic's partitions
        KafkaTopic frames = r.of(KafkaTopic.class).stream()
                .filter(t -> t.getSpec().getTopicName().equals("tubelet.frames"))
                .findFirst()
                .orElseThrow();
        assertThat(job.getParallelism())
                .as("job parallelism vs tubelet.frames partitions")
                .isEqualTo(frames.getSpec().getPartitions());

        // topics belong to the Kafka cluster, whose bootstrap service the job and the ingest use
        Kafka kafka = r.one(Kafka.class);
        String cluster = kafka.getMetadata().getName();
        assertThat(r.of(KafkaTopic.class))
                .allMatch(t -> cluster.equals(t.getMetadata().getLabels().get("strimzi.io/cluster")));
        assertThat(r.one(KafkaNodePool.class).getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
        // clients speak TLS + SCRAM only: every listener, and the job's and ingest's settings
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).allSatisfy(l -> {
            assertThat(l.isTls())
                    .as("%s: listener %s uses TLS", where, l.getName())
                    .isTrue();
            assertThat(l.getAuth())
                    .as("%s: listener %s authenticates", where, l.getName())
                    .isNotNull();
            assertThat(l.getAuth().getType()).isEqualTo("scram-sha-512");
        });
        GenericKafkaListener tls = listeners.get(0);
        String bootstrap = cluster + "-kafka-bootstrap:" + tls.getPort();
        var user = r.one(io.strimzi.api.kafka.model.user.KafkaUser.class);
        assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
        assertThat(user.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();
        var clientSecret = r.one(io.fabric8.kubernetes.api.model.Secret.class);
        Properties client = DeployedJob.properties(clientSecret.getStringData().get("client.properties"));
        assertThat(client)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt")
                .containsEntry("sasl.jaas.config", "${directory:/etc/kafka-user:sasl.jaas.config}");
        dev.tubelet.kafka.config.KafkaClientConfig.of(where + " client.properties", toMap(client));
        Map<String, String> secretMounts = Map.of(
                clientSecret.getMetadata().getName(),
                "/etc/kafka-client",
                user.getMetadata().getName(),
                "/etc/kafka-user",
                cluster + "-cluster-ca-cert",
                "/etc/kafka-ca");

        ConfigMap config = r.one(ConfigMap.class);
        Properties props = DeployedJob.properties(config.getData().get("job.properties"));
        DeployedJob.assertKnownKeys(where + " ConfigMap job.properties", props);
        assertThat(props.getProperty("bootstrap")).isEqualTo(bootstrap);
        assertThat(props.getProperty("kafka-config")).isEqualTo("/etc/kafka-client/client.properties");
        assertThat(props.getProperty("checkpoint-dir"))
                .as(
                        "checkpoint-dir in job.properties (flinkConfiguration's execution.checkpointing.dir is the one place)")
                .isNull();
        assertThat(Integer.parseInt(props.getProperty("parallelism"))).isEqualTo(job.getParallelism());
        int maxMessage = Integer.parseInt(props.getProperty(
                "max-message-bytes",
                String.valueOf(dev.tubelet.jobs.config.JobOptions.MAX_MESSAGE_BYTES.defaultValue())));
        assertThat(Integer.parseInt(
                        frames.getSpec().getConfig().get("max.message.bytes").toString()))
                .isGreaterThanOrEqualTo(maxMessage);
        Set<String> topicNames = r.of(KafkaTopic.class).stream()
                .map(t -> t.getSpec().getTopicName())
                .collect(Collectors.toSet());
        var defaults = dev.tubelet.jobs.config.JobConfig.Topics.defaults();
        assertThat(topicNames).containsAll(defaults.all());

        Deployment ingest = deployment(r, "tubelet-ingest");
        Deployment clips = deployment(r, "tubelet-clips");
        Container clipsContainer =
                clips.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(clipsContainer.getArgs())
                .startsWith("clips")
                .contains(bootstrap, "--kafka-config", "/etc/kafka-client/client.properties", "--out", "/clips");
        // the command line takes them (an unknown or malformed option would throw)
        dev.tubelet.cli.TubeletCli.commandLine()
                .parseArgs(clipsContainer.getArgs().toArray(new String[0]));
        assertThat(clipsContainer.getImage()).endsWith("tubelet/cli:" + RepositoryFiles.imageVersion());
        assertThat(clips.getSpec().getReplicas())
                .as("one clips: its transactional id fences a second")
                .isEqualTo(1);
        assertThat(clips.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(topicNames).contains("tubelet.clips");
        Container ingestContainer =
                ingest.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(ingestContainer.getArgs())
                .contains(bootstrap, "--kafka-config", "/etc/kafka-client/client.properties");
        for (var pod : List.of(
                spec.getPodTemplate().getSpec(),
                ingest.getSpec().getTemplate().getSpec(),
                clips.getSpec().getTemplate().getSpec())) {
            Map<String, String> mounted = new java.util.HashMap<>();
            for (var v : pod.getVolumes()) {
                if (v.getSecret() != null) {
                    for (var m : pod.getContainers().get(0).getVolumeMounts()) {
                        if (m.getName().equals(v.getName())) {
                            mounted.put(v.getSecret().getSecretName(), m.getMountPath());
                        }
                    }
                }
            }
            assertThat(mounted)
                    .as("%s: Kafka's secrets mounted where the client settings read them", where)
                    .containsAllEntriesOf(secretMounts);
        }
        IngestArguments.assertAccepted(where + " ingest Deployment", ingestContainer.getArgs());
        assertThat(ingestContainer.getImage()).endsWith("tubelet/ingest:" + RepositoryFiles.imageVersion());
        assertThat(r.one(Job.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .endsWith("tubelet/cli:" + RepositoryFiles.imageVersion());

        // every writer of the shared claims is the Flink image's user (uid/gid 9999): on NFS-like shares,
        // where fsGroup does not apply, a different uid could not write what another one created
        List<io.fabric8.kubernetes.api.model.PodSecurityContext> writers = List.of(
                spec.getPodTemplate().getSpec().getSecurityContext(),
                ingest.getSpec().getTemplate().getSpec().getSecurityContext(),
                clips.getSpec().getTemplate().getSpec().getSecurityContext(),
                r.one(Job.class).getSpec().getTemplate().getSpec().getSecurityContext());
        assertThat(writers).allSatisfy(sc -> {
            assertThat(sc.getRunAsUser()).isEqualTo(9999L);
            assertThat(sc.getRunAsGroup()).isEqualTo(9999L);
        });

        // claims, config maps mounted by the pods exist
        Set<String> claims = r.of(PersistentVolumeClaim.class).stream()
                .map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
        List<io.fabric8.kubernetes.api.model.Volume> volumes =
                new ArrayList<>(spec.getPodTemplate().getSpec().getVolumes());
        volumes.addAll(ingest.getSpec().getTemplate().getSpec().getVolumes());
        volumes.addAll(clips.getSpec().getTemplate().getSpec().getVolumes());
        volumes.addAll(r.one(Job.class).getSpec().getTemplate().getSpec().getVolumes());
        for (var v : volumes) {
            if (v.getPersistentVolumeClaim() != null) {
                assertThat(claims).contains(v.getPersistentVolumeClaim().getClaimName());
            }
            if (v.getConfigMap() != null) {
                assertThat(v.getConfigMap().getName())
                        .isEqualTo(config.getMetadata().getName());
            }
        }
        assertThat(spec.getPodTemplate().getSpec().getContainers().get(0).getName())
                .isEqualTo("flink-main-container");
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @Test
    void theGpuOverlaysArgumentsPassTheJobsOwnChecksOnAMachineWithoutAGpu(@TempDir Path tmp) throws Exception {
        Resources gpu = rendered("gpu");
        Path config = DeployedJob.write(
                tmp, "job.properties", gpu.one(ConfigMap.class).getData().get("job.properties"));
        List<String> args =
                List.of(gpu.one(FlinkDeployment.class).getSpec().getJob().getArgs());
        String printed = DeployedJob.dryRun(
                args, config, tmp, gpu.one(ConfigMap.class).getData().get("rules.yaml"));
        assertThat(printed)
                .contains("configuration ok", "provider=TENSORRT", "tensorRtEngineCacheDir=/flink-data/trt-cache");
    }

    @Test
    void theFlinkDeploymentsArgumentsAndConfigMapPassTheJobsOwnChecks(@TempDir Path tmp) throws Exception {
        Resources base = base();
        Path config = DeployedJob.write(
                tmp, "job.properties", base.one(ConfigMap.class).getData().get("job.properties"));
        List<String> args = base.one(FlinkDeployment.class).getSpec().getJob().getArgs() == null
                ? List.of()
                : List.of(base.one(FlinkDeployment.class).getSpec().getJob().getArgs());
        assertThat(args).contains("--config", "/opt/tubelet/job.properties", "--model");
        String printed = DeployedJob.dryRun(
                args, config, tmp, base.one(ConfigMap.class).getData().get("rules.yaml"));
        assertThat(printed)
                .contains(
                        "configuration ok",
                        "rules=2 (",
                        "bootstrap=tubelet-kafka-kafka-bootstrap:9093",
                        "kafka=SASL_SSL SCRAM-SHA-512");
    }

    /**
     * Why the FlinkDeployment stays in native mode, where the operator hands job.args to the job as
     * they are. In standalone mode the operator 1.13 starts the JobManager with
     * {@code standalone-job --job-classname <entryClass> [--host <pod ip> with HA] <job.args>}
     * (CmdStandaloneJobManagerDecorator), and Flink 2.2's parser does not hand the job its arguments:
     * with HA it stops at --host, which it does not know, and passes it on to the job; without HA it
     * takes the job's --config for an abbreviation of its own --configDir.
     */
    @Test
    void standaloneModeWouldNotHandTheJobItsArguments() throws Exception {
        FlinkDeployment flink = base().one(FlinkDeployment.class);
        List<String> jobArgs = List.of(flink.getSpec().getJob().getArgs());
        List<String> withHa = new ArrayList<>(List.of(
                "standalone-job", "--job-classname", flink.getSpec().getJob().getEntryClass(), "--host", "10.0.0.1"));
        withHa.addAll(jobArgs);
        assertThat(FlinkEntrypoint.parse(withHa).programArguments())
                .as("what ClusterJob would receive in standalone mode with HA")
                .startsWith("--host", "10.0.0.1");
        List<String> withoutHa = new ArrayList<>(List.of(
                "standalone-job", "--job-classname", flink.getSpec().getJob().getEntryClass()));
        withoutHa.addAll(jobArgs);
        assertThat(FlinkEntrypoint.parse(withoutHa).programArguments())
                .as("what ClusterJob would receive in standalone mode without HA")
                .containsExactly("--model", "/models/demo");
    }

    @Test
    void flinkResourcesLeaveRoomForTheSlotsTheJobNeeds() throws Exception {
        FlinkDeployment flink = base().one(FlinkDeployment.class);
        Map<String, String> conf = new HashMap<>(flink.getSpec().getFlinkConfiguration());
        int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
        assertThat(flink.getSpec().getJob().getParallelism() % slots)
                .as("parallelism fills whole TaskManagers")
                .isZero();
    }
}
