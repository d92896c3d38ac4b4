package dev.tubelet.cli;

import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.config.OptionGroup;
import dev.tubelet.model.runtime.ExecutionOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Command-line flags made from the job's option definitions ({@link dev.tubelet.jobs.config.JobOptions}):
 * a flag's name, value label, default and help are defined once, there, and read back here as
 * the same text values a properties file gives.
 */
final class JobOptionFlags {
    private JobOptionFlags() {}

    /**
     * Adds a flag for every option of the groups, under the groups' headings in {@code --help}.
     *
     * @param command the command
     * @param groups the option groups
     */
    static void add(CommandSpec command, List<OptionGroup> groups) {
        for (OptionGroup group : groups) {
            ArgGroupSpec.Builder section = ArgGroupSpec.builder()
                    .heading(group.heading() + ":%n")
                    .exclusive(false)
                    .validate(false)
                    .multiplicity("0..1");
            for (OptionGroup.Entry entry : group.entries()) {
                section.addArg(flag(entry));
            }
            command.addArgGroup(section.build());
        }
    }

    private static OptionSpec flag(OptionGroup.Entry entry) {
        String description = entry.description();
        if (entry.defaultText() != null && !entry.isSwitch()) {
            description += " (default: " + entry.defaultText() + ")";
        }
        OptionSpec.Builder flag = OptionSpec.builder("--" + entry.key()).description(description);
        if (entry.isSwitch()) {
            return flag.type(boolean.class).arity("0").build();
        }
        if (entry.repeatable()) {
            return flag.type(List.class)
                    .auxiliaryTypes(String.class)
                    .paramLabel(entry.label())
                    .build();
        }
        return flag.type(String.class).paramLabel(entry.label()).build();
    }

    /**
     * @param command a command with the {@linkplain JobOptions#RUNTIME runtime} flags, after parsing
     * @return where its model runs, as the flags say
     */
    static ExecutionOptions execution(CommandSpec command) {
        return JobConfigReader.execution(given(command, List.of(JobOptions.RUNTIME)));
    }

    /**
     * @param command the command, after parsing
     * @param groups the option groups whose flags were added
     * @return the values of the flags given, by option key (a repeated flag's values joined with commas)
     */
    static Map<String, String> given(CommandSpec command, List<OptionGroup> groups) {
        ParseResult parsed = command.commandLine().getParseResult();
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionGroup group : groups) {
            for (OptionGroup.Entry entry : group.entries()) {
                OptionSpec flag = parsed.matchedOption("--" + entry.key());
                if (flag == null) {
                    continue;
                }
                Object value = flag.getValue();
                values.put(
                        entry.key(),
                        value instanceof List<?> list
                                ? String.join(
                                        ",", list.stream().map(String::valueOf).toList())
                                : String.valueOf(value));
            }
        }
        return values;
    }
}
