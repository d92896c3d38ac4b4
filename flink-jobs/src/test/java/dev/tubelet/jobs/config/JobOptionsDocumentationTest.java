package dev.tubelet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of job options is the options themselves: keys, defaults and descriptions as
 * {@link JobOptions} defines them (the command line's help, the properties file and the cluster
 * entry point read the same constants). When an option changes, paste the table this test prints.
 */
class JobOptionsDocumentationTest {
    private static final String START =
            "<!-- job options: generated from JobOptions, kept in step by JobOptionsDocumentationTest -->";
    private static final String END = "<!-- end of job options -->";

    static String table() {
        StringBuilder out = new StringBuilder();
        for (OptionGroup group : JobOptions.GROUPS) {
            out.append("\n**")
                    .append(group.heading())
                    .append("**\n\n| option | default | meaning |\n| --- | --- | --- |\n");
            for (OptionGroup.Entry e : group.entries()) {
                String flag =
                        "`--" + e.key() + (e.isSwitch() ? "" : " " + e.label().replace("|", "\\|")) + "`";
                String fallback = e.isSwitch() ? "off" : e.defaultText() == null ? "" : "`" + e.defaultText() + "`";
                out.append("| ")
                        .append(flag)
                        .append(" | ")
                        .append(fallback)
                        .append(" | ")
                        .append(e.description().replace("|", "\\|"))
                        .append(e.repeatable() ? " Repeatable." : "")
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    @Test
    void theReadmeTableShowsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README marker %s", START).isPositive();
        assertThat(end).as("README marker %s", END).isGreaterThan(start);
        String documented = readme.substring(start + START.length(), end).strip();
        assertThat(documented)
                .as("README job options; the table as it should read:%n%s", table())
                .isEqualTo(table().strip());
    }
}
