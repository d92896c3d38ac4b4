package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * Flink configuration given in compose and k8s files, checked against Flink's own option
 * definitions: each key must be one Flink 2 knows (a renamed or removed key is silently ignored by
 * Flink), and each value must parse as that option's type.
 */
final class FlinkOptions {
    private static final List<Class<?>> OPTION_CLASSES = List.of(
            CoreOptions.class,
            CheckpointingOptions.class,
            StateRecoveryOptions.class,
            StateBackendOptions.class,
            HighAvailabilityOptions.class,
            JobManagerOptions.class,
            TaskManagerOptions.class,
            MetricOptions.class,
            RestartStrategyOptions.class,
            PipelineOptions.class,
            RestOptions.class,
            WebOptions.class);

    /** Reporter-specific keys (metrics.reporter.NAME.KEY): the factory, and the Prometheus reporter's port. */
    private static final List<String> REPORTER_KEYS =
            List.of("factory.class", "port", "interval", "scope.variables.excludes");

    private FlinkOptions() {}

    static Map<String, ConfigOption<?>> known() {
        Map<String, ConfigOption<?>> options = new HashMap<>();
        for (Class<?> c : OPTION_CLASSES) {
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.isAssignableFrom(f.getType())
                        && f.getAnnotation(Deprecated.class) == null) {
                    try {
                        ConfigOption<?> option = (ConfigOption<?>) f.get(null);
                        options.put(option.key(), option);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return options;
    }

    /** Every key known to Flink 2 (not a deprecated one), every value of its option's type. */
    static void assertValid(String where, Map<String, String> flinkConfiguration) {
        Map<String, ConfigOption<?>> known = known();
        Configuration conf = Configuration.fromMap(flinkConfiguration);
        for (Map.Entry<String, String> e : flinkConfiguration.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("metrics.reporter.")) {
                String rest = key.substring("metrics.reporter.".length());
                assertThat(REPORTER_KEYS).as("%s: reporter key %s", where, key).anyMatch(k -> rest.endsWith("." + k));
                continue;
            }
            ConfigOption<?> option = known.get(key);
            assertThat(option)
                    .as(
                            "%s: Flink option '%s' (expected a current Flink %s key)",
                            where, key, RepositoryFiles.version("flink.version"))
                    .isNotNull();
            Object value = conf.get(option);
            assertThat(value).as("%s: value of %s", where, key).isNotNull();
            for (FallbackKey fallback : option.fallbackKeys()) {
                assertThat(flinkConfiguration)
                        .as("%s: %s given twice (also as %s)", where, key, fallback.getKey())
                        .doesNotContainKey(fallback.getKey());
            }
        }
    }
}
