package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tubelet.jobs.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeTest {
    private static JsonNode compose;

    @BeforeAll
    static void load() throws Exception {
        compose = RepositoryFiles.documents(RepositoryFiles.file("docker-compose.yml"))
                .get(0);
    }

    private static JsonNode service(String name) {
        JsonNode s = compose.path("services").path(name);
        assertThat(s.isMissingNode())
                .as("service %s in docker-compose.yml", name)
                .isFalse();
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cpu", "gpu"})
    void dockerComposeAcceptsTheFile(String profile) throws Exception {
        ExternalTool compose = ExternalTool.require(
                "docker-compose", List.of(List.of("docker", "compose"), List.of("docker-compose")), List.of("version"));
        List<String> args = new ArrayList<>();
        if (!profile.isEmpty()) {
            args.addAll(List.of("--profile", profile));
        }
        args.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        ExternalTool.Result r = compose.run(RepositoryFiles.root(), args.toArray(new String[0]));
        assertThat(r.exit()).as("docker compose config: %s", r.err()).isZero();
    }

    @Test
    void theRestoreOverrideStartsFromTheGivenSavepointAndHandsTheJobItsOwnOptions(@TempDir Path tmp) throws Exception {
        ExternalTool compose = ExternalTool.require(
                "docker-compose", List.of(List.of("docker", "compose"), List.of("docker-compose")), List.of("version"));
        String[] args = {"-f", "docker-compose.yml", "-f", "docker/compose.restore.yml", "config"};
        ExternalTool.Result without = compose.run(RepositoryFiles.root(), args);
        assertThat(without.exit()).isNotZero();
        assertThat(without.err()).contains("TUBELET_SAVEPOINT");
        ExternalTool.Result with = compose.run(
                RepositoryFiles.root(), Map.of("TUBELET_SAVEPOINT", "/flink-data/savepoints/savepoint-1"), args);
        assertThat(with.exit()).as(with.err()).isZero();
        List<String> command = new ArrayList<>();
        RepositoryFiles.documents(with.out())
                .get(0)
                .path("services")
                .path("jobmanager")
                .path("command")
                .forEach(n -> command.add(n.asText()));
        FlinkEntrypoint entry = FlinkEntrypoint.parse(command);
        assertThat(entry.savepoint()).isEqualTo("/flink-data/savepoints/savepoint-1");
        assertThat(entry.jobClassName()).isEqualTo("dev.tubelet.jobs.ClusterJob");
        assertThat(entry.programArguments())
                .containsExactly("--config", "/opt/tubelet/job.properties", "--model", "/models/demo");
        DeployedJob.dryRun(entry.programArguments(), RepositoryFiles.file("docker/job.properties"), tmp, rules());
    }

    @Test
    void imagesMatchThePom() throws Exception {
        String dockerfile = Files.readString(RepositoryFiles.file("docker/Dockerfile"));
        assertThat(dockerfile)
                .contains("ARG FLINK_IMAGE=flink:" + RepositoryFiles.version("flink.version") + "-java17");
        assertThat(service("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + RepositoryFiles.version("kafka.version"));
        assertThat(service("kafka-topics").path("image").asText())
                .isEqualTo(service("kafka").path("image").asText());
        String tag = RepositoryFiles.imageVersion();
        assertThat(service("jobmanager").path("image").asText()).isEqualTo("tubelet/flink:" + tag + "-cpu");
        assertThat(service("taskmanager-cpu").path("image").asText()).isEqualTo("tubelet/flink:" + tag + "-cpu");
        assertThat(service("taskmanager").path("image").asText()).isEqualTo("tubelet/flink:" + tag + "-gpu");
        assertThat(service("ingest").path("image").asText()).isEqualTo("tubelet/ingest:" + tag);
        assertThat(service("setup").path("image").asText()).isEqualTo("tubelet/cli:" + tag);
        // every build target named in compose exists in the Dockerfile
        for (JsonNode s : compose.path("services")) {
            if (s.has("build")) {
                assertThat(dockerfile)
                        .contains(" AS " + s.path("build").path("target").asText() + "\n");
            }
        }
    }

    @Test
    void gpuTaskManagerReservesAnNvidiaGpuAndTheCpuOneNone() {
        JsonNode gpu = service("taskmanager");
        assertThat(gpu.path("profiles")).extracting(JsonNode::asText).containsExactly("gpu");
        JsonNode device = gpu.path("deploy")
                .path("resources")
                .path("reservations")
                .path("devices")
                .get(0);
        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(device.path("capabilities")).extracting(JsonNode::asText).contains("gpu");
        assertThat(device.path("count").asInt()).isPositive();
        JsonNode cpu = service("taskmanager-cpu");
        assertThat(cpu.path("profiles")).extracting(JsonNode::asText).containsExactly("cpu");
        assertThat(cpu.path("deploy").isMissingNode()).isTrue();
        for (String name : List.of("jobmanager", "taskmanager", "taskmanager-cpu", "kafka", "prometheus")) {
            assertThat(service(name).path("healthcheck").path("test"))
                    .as("health check of %s", name)
                    .isNotEmpty();
        }
    }

    /** @return FLINK_PROPERTIES as keys and values */
    private static Map<String, String> flinkProperties() {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String line :
                compose.path("x-flink-env").path("FLINK_PROPERTIES").asText().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                conf.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
        }
        return conf;
    }

    @Test
    void flinkPropertiesAreFlinkOptionsWithoutSpacesInValues() {
        String props = compose.path("x-flink-env").path("FLINK_PROPERTIES").asText();
        Map<String, String> conf = new LinkedHashMap<>();
        for (String line : props.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            assertThat(colon).as("'key: value' line: %s", line).isPositive();
            String value = line.substring(colon + 1).strip();
            // Flink's entrypoint deletes every space of a FLINK_PROPERTIES line
            assertThat(value).as("value of %s", line).doesNotContainAnyWhitespaces();
            conf.put(line.substring(0, colon).strip(), value);
        }
        FlinkOptions.assertValid("docker-compose.yml FLINK_PROPERTIES", conf);
        // the job needs every one of its parallel subtasks scheduled on the slots of one TaskManager
        assertThat(Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots")))
                .isGreaterThanOrEqualTo(Integer.parseInt(conf.get("parallelism.default")));
    }

    @Test
    void theJobManagerRunsClusterJobWithExactlyTheJobsOptionsAsFlinksParserReadsThem(@TempDir Path tmp)
            throws Exception {
        List<String> command = new ArrayList<>();
        service("jobmanager").path("command").forEach(n -> command.add(n.asText()));
        FlinkEntrypoint entry = FlinkEntrypoint.parse(
                command.stream().map(ComposeTest::withDefaults).toList());
        assertThat(entry.jobClassName()).isEqualTo("dev.tubelet.jobs.ClusterJob");
        Class.forName(entry.jobClassName());
        assertThat(entry.savepoint()).isNull();
        assertThat(entry.programArguments())
                .as("the arguments ClusterJob.main receives")
                .containsExactly("--config", "/opt/tubelet/job.properties", "--model", "/models/demo");
        Properties props = DeployedJob.properties(Files.readString(RepositoryFiles.file("docker/job.properties")));
        DeployedJob.assertKnownKeys("docker/job.properties", props);
        // checkpoints go where the cluster says, on the volume every Flink container mounts
        assertThat(props.getProperty("checkpoint-dir"))
                .as("checkpoint-dir in job.properties (the cluster's setting is the one place)")
                .isNull();
        assertThat(flinkProperties()).containsEntry("execution.checkpointing.dir", "file:///flink-data/checkpoints");
        assertThat(service("jobmanager").path("volumes").toString())
                .contains("flink-data:/flink-data", "./docker/job.properties:/opt/tubelet/job.properties");
        String printed = DeployedJob.dryRun(
                entry.programArguments(), RepositoryFiles.file("docker/job.properties"), tmp, rules());
        assertThat(printed).contains("configuration ok", "bootstrap=kafka:9092", "kafka=SASL_SSL SCRAM-SHA-512");
        assertThat(service("jobmanager").path("volumes").toString()).contains("kafka-secrets:/etc/tubelet/kafka:ro");
        assertThat(props.getProperty("kafka-config")).isEqualTo("/etc/tubelet/kafka/client.properties");
    }

    /** ${VAR:-default} as compose fills it when VAR is unset. */
    private static String withDefaults(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
    }

    @Test
    void kafkaSpeaksOnlyTlsAndScramToClientsAndGrafanaHasNoDefaultPassword() {
        JsonNode env = service("kafka").path("environment");
        String map = env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText();
        for (String listener : env.path("KAFKA_ADVERTISED_LISTENERS").asText().split(",")) {
            String name = listener.substring(0, listener.indexOf("://"));
            assertThat(map).as("protocol of the advertised listener %s", name).contains(name + ":SASL_SSL");
        }
        assertThat(map).containsPattern("CONTROLLER:PLAINTEXT");
        assertThat(env.path("KAFKA_CONTROLLER_LISTENER_NAMES").asText()).isEqualTo("CONTROLLER");
        assertThat(service("kafka").path("ports").toString())
                .as("only the SASL_SSL listener is published, on this machine")
                .isEqualTo("[\"127.0.0.1:29092:29092\"]");
        assertThat(env.path("KAFKA_SASL_ENABLED_MECHANISMS").asText()).isEqualTo("SCRAM-SHA-512,PLAIN");
        for (String client : List.of("kafka-topics", "ingest", "clips", "jobmanager", "taskmanager-cpu")) {
            assertThat(service(client).toString())
                    .as("%s reaches Kafka with the client settings the secrets service made", client)
                    .contains("/etc/tubelet/kafka");
        }
        assertThat(service("ingest").path("command").toString())
                .contains("--kafka-config", "/etc/tubelet/kafka/client.properties")
                .doesNotContain("--bootstrap");
        JsonNode grafana = service("grafana").path("environment");
        assertThat(grafana.has("GF_SECURITY_ADMIN_PASSWORD")).isFalse();
        assertThat(grafana.path("GF_SECURITY_ADMIN_PASSWORD__FILE").asText())
                .isEqualTo("/run/secrets/tubelet/admin-password");
        assertThat(service("secrets").path("command").get(0).asText()).contains("/grafana/admin-password");
        assertThat(compose.toString()).doesNotContain("admin/admin");
    }

    @Test
    void longRunningServicesComeBackAfterACrashOrAReboot() {
        for (String name : List.of(
                "kafka", "jobmanager", "taskmanager", "taskmanager-cpu", "ingest", "clips", "prometheus", "grafana")) {
            assertThat(service(name).path("restart").asText())
                    .as("restart policy of %s", name)
                    .isEqualTo("unless-stopped");
        }
        assertThat(flinkProperties())
                .as("the restart strategy is the cluster's (the job sets none in code)")
                .containsEntry("restart-strategy.type", "exponential-delay");
    }

    @Test
    void topicsAreCreatedForEveryTopicTheJobUsesWithRoomForItsFrames() throws Exception {
        String script = service("kafka-topics").path("command").get(0).asText();
        JobConfig.Topics topics = JobConfig.Topics.defaults();
        Properties props = DeployedJob.properties(Files.readString(RepositoryFiles.file("docker/job.properties")));
        int parallelism = Integer.parseInt(props.getProperty("parallelism"));
        for (String topic : topics.all()) {
            assertThat(script).as("creation of %s", topic).containsPattern("--topic " + Pattern.quote(topic) + " ");
        }
        Matcher frames = Pattern.compile(
                        "--topic tubelet\\.frames --partitions (\\d+) .*--config max\\.message\\.bytes=(\\d+)")
                .matcher(script);
        assertThat(frames.find()).isTrue();
        assertThat(Integer.parseInt(frames.group(1)))
                .as("frames partitions vs job parallelism")
                .isEqualTo(parallelism);
        int jobMaxMessage = Integer.parseInt(props.getProperty(
                "max-message-bytes",
                String.valueOf(dev.tubelet.jobs.config.JobOptions.MAX_MESSAGE_BYTES.defaultValue())));
        assertThat(Integer.parseInt(frames.group(2)))
                .as("frames max.message.bytes vs the job's max-message-bytes")
                .isGreaterThanOrEqualTo(jobMaxMessage);
        assertThat(Uuid.fromString(
                        service("kafka").path("environment").path("CLUSTER_ID").asText()))
                .isNotNull();
    }

    @Test
    void clipsCutEveryAlertsClipIntoItsVolumeWithTheClientSettingsAndTheJobHasItsRules() throws Exception {
        JsonNode clips = service("clips");
        List<String> command = new ArrayList<>();
        clips.path("command").forEach(n -> command.add(n.asText()));
        assertThat(command)
                .startsWith("clips")
                .contains("--kafka-config", "/etc/tubelet/kafka/client.properties", "--out", "/clips")
                .doesNotContain("--bootstrap");
        // the command line takes them (an unknown or malformed option would throw)
        dev.tubelet.cli.TubeletCli.commandLine().parseArgs(command.toArray(new String[0]));
        assertThat(clips.path("volumes").toString()).contains("clips:/clips", "kafka-secrets:/etc/tubelet/kafka:ro");
        assertThat(service("kafka-topics").path("command").get(0).asText()).contains("--topic tubelet.clips ");
        assertThat(service("jobmanager").path("volumes").toString())
                .contains("./docker/rules.yaml:/opt/tubelet/rules.yaml");
        assertThat(DeployedJob.properties(Files.readString(RepositoryFiles.file("docker/job.properties")))
                        .getProperty("rules"))
                .isEqualTo("/opt/tubelet/rules.yaml");
    }

    private static String rules() throws Exception {
        return Files.readString(RepositoryFiles.file("docker/rules.yaml"));
    }

    @Test
    void ingestPlaysEveryCameraOfItsFileAndMountsWhatItNeeds() throws Exception {
        JsonNode ingest = service("ingest");
        List<String> command = new ArrayList<>();
        ingest.path("command").forEach(n -> command.add(n.asText()));
        IngestArguments.assertAccepted("docker-compose.yml ingest", command);
        String volumes = ingest.path("volumes").toString();
        assertThat(volumes).contains("./docker/cameras.txt:/etc/tubelet/cameras.txt", "samples:/samples");
        List<String> lines = Files.readAllLines(RepositoryFiles.file("docker/cameras.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(lines).isNotEmpty().allMatch(l -> l.matches("\\S+\\s+/samples/\\S+"));
        // bind-mounted files exist
        for (JsonNode s : compose.path("services")) {
            for (JsonNode v : s.path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(RepositoryFiles.root().resolve(source))
                            .as("bind mount source %s", source)
                            .exists();
                }
            }
        }
    }
}
