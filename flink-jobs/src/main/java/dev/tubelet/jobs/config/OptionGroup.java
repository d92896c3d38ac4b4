package dev.tubelet.jobs.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;

/**
 * Options shown together, under a heading, in {@code --help} and the documentation.
 *
 * @param heading what the options are about
 * @param entries the options, in order
 */
public record OptionGroup(String heading, List<Entry> entries) {
    public OptionGroup {
        entries = List.copyOf(entries);
    }

    /**
     * One option as the command line and the documentation show it.
     *
     * @param option the option (key, type, default, description)
     * @param label what its value looks like ({@code N}, {@code HOST:PORT}), or null for a switch
     * @param repeatable whether the command line takes it several times (the values are joined with commas)
     */
    public record Entry(ConfigOption<?> option, String label, boolean repeatable) {
        /** @return the key, which is also the flag without its dashes */
        public String key() {
            return option.key();
        }

        /** @return whether it is a switch ({@code --exact-decode}), true when given */
        public boolean isSwitch() {
            return label == null;
        }

        /** @return the default as text, or null when there is none */
        public String defaultText() {
            return option.hasDefaultValue() ? String.valueOf(option.defaultValue()) : null;
        }

        /** @return the description as plain text */
        public String description() {
            return option.description().getBlocks().stream().map(Entry::text).collect(Collectors.joining(" "));
        }

        private static String text(BlockElement block) {
            return block instanceof TextElement text ? text.getFormat() : block.toString();
        }
    }

    /** An option that takes a value. */
    static Entry value(ConfigOption<?> option, String label) {
        return new Entry(option, label, false);
    }

    /** An option given several times on the command line. */
    static Entry repeatable(ConfigOption<?> option, String label) {
        return new Entry(option, label, true);
    }

    /** A switch: a boolean option that is true when given. */
    static Entry flag(ConfigOption<Boolean> option) {
        return new Entry(option, null, false);
    }
}
