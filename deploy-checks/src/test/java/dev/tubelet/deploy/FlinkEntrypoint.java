package dev.tubelet.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.container.entrypoint.StandaloneApplicationClusterConfigurationParserFactory;
import org.apache.flink.runtime.entrypoint.EntrypointClusterConfiguration;
import org.apache.flink.runtime.entrypoint.parser.CommandLineParser;

/**
 * A JobManager's {@code standalone-job} command as Flink's own entrypoint reads it. The official
 * image runs {@code standalone-job.sh start-foreground <the rest of the command>}
 * (apache/flink-docker, 2.2/…/docker-entrypoint.sh), which prepends {@code --configDir $FLINK_CONF_DIR}
 * (apache/flink, flink-dist/src/main/flink-bin/bin/standalone-job.sh) and runs
 * StandaloneApplicationClusterEntryPoint, which parses with this parser factory (flink-container).
 *
 * @param jobClassName the entry class the cluster will run
 * @param programArguments what that class's main receives
 * @param savepoint the savepoint to restore, or null
 */
record FlinkEntrypoint(String jobClassName, List<String> programArguments, String savepoint) {
    static final String CONF_DIR = "/opt/flink/conf";

    /**
     * @param command the compose service's command, starting with {@code standalone-job}
     * @return what Flink's entrypoint makes of it
     */
    static FlinkEntrypoint parse(List<String> command) throws Exception {
        if (command.isEmpty() || !command.get(0).equals("standalone-job")) {
            throw new AssertionError("expected a standalone-job command, found " + command);
        }
        List<String> args = new ArrayList<>(List.of("--configDir", CONF_DIR));
        args.addAll(command.subList(1, command.size()));
        Object parsed = new CommandLineParser<>(new StandaloneApplicationClusterConfigurationParserFactory())
                .parse(args.toArray(new String[0]));
        EntrypointClusterConfiguration cluster = (EntrypointClusterConfiguration) parsed;
        if (!CONF_DIR.equals(cluster.getConfigDir())) {
            throw new AssertionError(
                    "Flink's configuration directory became " + cluster.getConfigDir() + " (from " + command + ")");
        }
        // the result type is package-private in flink-container; its getters are read reflectively
        String className = (String) getter(parsed, "getJobClassName").invoke(parsed);
        Object restore = getter(parsed, "getSavepointRestoreSettings").invoke(parsed);
        String path = (String) restore.getClass().getMethod("getRestorePath").invoke(restore);
        return new FlinkEntrypoint(className, List.of(cluster.getArgs()), path);
    }

    private static Method getter(Object target, String name) throws NoSuchMethodException {
        Method m = target.getClass().getDeclaredMethod(name);
        m.setAccessible(true);
        return m;
    }
}
