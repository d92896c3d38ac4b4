package dev.tubelet.deploy;

import dev.tubelet.jobs.cli.TubeletCli;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.testutils.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** The options of {@code tubelet job} (what ClusterJob takes), to check deployment files against. */
final class JobOptions {
    private JobOptions() {}

    /** @return the option names without dashes, as config-file keys are written */
    static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : TubeletCli.clusterJob().getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    keys.add(name.substring(2));
                }
            }
        }
        return keys;
    }

    static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    static void assertKnownKeys(String where, Properties props) {
        assertThat(props.stringPropertyNames()).as("job option keys in %s (expected names of `tubelet job --help`)", where)
                .isNotEmpty().isSubsetOf(keys());
    }

    /**
     * Runs ClusterJob's command line with {@code --dry-run} on the deployment's arguments, the config
     * file and the model swapped for local ones, so every option and value is checked as the cluster would.
     *
     * @return what the dry run printed
     */
    static String dryRun(List<String> deploymentArgs, Path configFile, Path workDir) throws IOException {
        Path model = TestModels.tinyModel(workDir.resolve("model"), InputLayout.BTCHW);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < deploymentArgs.size(); i++) {
            String a = deploymentArgs.get(i);
            args.add(a);
            if ((a.equals("--config") || a.equals("--model")) && i + 1 < deploymentArgs.size()) {
                args.add(a.equals("--config") ? configFile.toString() : model.toString());
                i++;
            }
        }
        args.add("--dry-run");
        CommandLine cli = TubeletCli.clusterJob();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(new String[0]));
        assertThat(exit).as("tubelet job %s\nstdout: %s\nstderr: %s", args, out, err).isZero();
        return out.toString();
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text);
    }
}
