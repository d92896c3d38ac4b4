package dev.tubelet.jobs.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The job's arguments as the cluster entry point gets them ({@code flink run … --bootstrap kafka:9092
 * --model /models/k400 --config job.properties}): {@code --key value}, {@code --key=value}, a
 * switch alone ({@code --exact-decode}), and {@code --config FILE}, a properties file of the same
 * keys whose values come first (arguments win). Keys are those of {@link JobOptions}; the
 * command line ({@code tubelet job}) reads the same file with {@link #readFile}.
 */
public final class JobArguments {
    /** The argument that names a properties file. */
    public static final String CONFIG = "config";

    private JobArguments() {}

    /**
     * @param args the arguments
     * @return option values by key: the config file's, then the arguments'
     * @throws IllegalArgumentException for an unknown option, a missing value or an unreadable file
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected an option (--key value), found '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String key = arg.substring(2, eq < 0 ? arg.length() : eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            boolean isSwitch =
                    JobOptions.find(key).map(OptionGroup.Entry::isSwitch).orElse(false);
            if (!key.equals(CONFIG) && JobOptions.find(key).isEmpty()) {
                throw new IllegalArgumentException("unknown option '--" + key + "'; expected one of " + flags());
            }
            if (value == null && !isSwitch) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + ": expected a value, found none");
                }
                value = args[++i];
            }
            if (key.equals(CONFIG)) {
                config = Path.of(value);
            } else {
                given.merge(key, value == null ? "true" : value, JobArguments::joinRepeated);
            }
        }
        Map<String, String> values = config == null ? new LinkedHashMap<>() : readFile(config);
        values.putAll(given);
        return values;
    }

    /**
     * @param file a properties file of option keys (no dashes) and values
     * @return its values by key, stripped
     * @throws IllegalArgumentException when it cannot be read or holds a key that is no option
     */
    public static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (JobOptions.find(key).isEmpty()) {
                throw new IllegalArgumentException(
                        "--config " + file + ": unknown key '" + key + "'; expected one of " + JobOptions.keys());
            }
            values.put(key, props.getProperty(key).strip());
        }
        return values;
    }

    /** Repeatable options (camera-boxes) are given several times; their values join with commas. */
    private static String joinRepeated(String first, String next) {
        return first + "," + next;
    }

    private static TreeSet<String> flags() {
        TreeSet<String> flags = new TreeSet<>();
        JobOptions.keys().forEach(k -> flags.add("--" + k));
        flags.add("--" + CONFIG);
        return flags;
    }
}
