package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.cli.demo.DemoModel;
import dev.tubelet.jobs.ClusterJob;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.PreparedJob;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The job as a deployment starts it: its arguments and config file checked by the cluster entry point itself. */
final class DeployedJob {
    private DeployedJob() {}

    static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    static void assertKnownKeys(String where, Properties props) {
        assertThat(props.stringPropertyNames())
                .as("job option keys in %s (expected the job's options, as `tubelet job --help` lists them)", where)
                .isNotEmpty()
                .isSubsetOf(JobOptions.keys());
    }

    /**
     * Runs what {@link ClusterJob} does before submitting (arguments, config file, models), with
     * the config file and the model swapped for local ones, so every option and value is checked
     * as the cluster would check it.
     *
     * @return the configuration the job would run with, as text
     */
    static String dryRun(List<String> deploymentArgs, Path configFile, Path workDir) throws IOException {
        return dryRun(deploymentArgs, configFile, workDir, null);
    }

    /**
     * As {@link #dryRun(List, Path, Path)}, with the model the deployment's setup writes (the demo
     * model) and the rules file it mounts.
     *
     * @param rulesYaml what the deployment mounts where its {@code rules} option points, or null
     */
    static String dryRun(List<String> deploymentArgs, Path configFile, Path workDir, String rulesYaml)
            throws IOException {
        Path model = DemoModel.install(workDir.resolve("model"));
        configFile = withLocalKafkaConfig(configFile, workDir);
        configFile = withLocalRules(configFile, workDir, rulesYaml);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < deploymentArgs.size(); i++) {
            String a = deploymentArgs.get(i);
            args.add(a);
            if ((a.equals("--config") || a.equals("--model")) && i + 1 < deploymentArgs.size()) {
                args.add(a.equals("--config") ? configFile.toString() : model.toString());
                i++;
            }
        }
        PreparedJob job = ClusterJob.prepare(args.toArray(new String[0]));
        return "configuration ok: " + job.config();
    }

    /**
     * The deployment's kafka-config names a file that its secrets mount holds: a copy of the config
     * file names a local stand-in instead, with the settings the deployment's Kafka asks for
     * (TLS + SCRAM), the secret itself left out.
     */
    private static Path withLocalKafkaConfig(Path configFile, Path workDir) throws IOException {
        String text = Files.readString(configFile);
        if (!properties(text).containsKey("kafka-config")) {
            return configFile;
        }
        Path settings = write(
                workDir,
                "kafka-client.properties",
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PEM\n"
                        + "ssl.truststore.location=/etc/tubelet/kafka/ca.pem\n");
        return write(
                workDir,
                "job.properties",
                text.replaceAll(
                        "(?m)^kafka-config=.*$",
                        "kafka-config=" + settings.toString().replace("\\", "/")));
    }

    /** The deployment's rules option names its mounted file: a copy of the config names a local one. */
    private static Path withLocalRules(Path configFile, Path workDir, String rulesYaml) throws IOException {
        String text = Files.readString(configFile);
        if (!properties(text).containsKey("rules")) {
            return configFile;
        }
        assertThat(rulesYaml)
                .as("the rules file the deployment mounts for %s", configFile)
                .isNotNull();
        Path rules = write(workDir, "rules.yaml", rulesYaml);
        return write(
                workDir,
                "job-with-rules.properties",
                text.replaceAll("(?m)^rules=.*$", "rules=" + rules.toString().replace("\\", "/")));
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text);
    }
}
