package dev.tubelet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster entry point's arguments: flags as the command line writes them, and the same properties file. */
class JobArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void flagsSwitchesAndRepeatedOptionsBecomeOptionValues() {
        Map<String, String> values = JobArguments.parse(new String[] {
            "--bootstrap",
            "kafka:9092",
            "--stride=2",
            "--exact-decode",
            "--camera-boxes",
            "a=motion",
            "--camera-boxes",
            "b=upstream"
        });
        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "bootstrap",
                        "kafka:9092",
                        "stride",
                        "2",
                        "exact-decode",
                        "true",
                        "camera-boxes",
                        "a=motion,b=upstream"));
    }

    @Test
    void theConfigFileComesFirstAndArgumentsWin() throws Exception {
        Path file = Files.writeString(
                dir.resolve("job.properties"), "# the compose job\nstride = 4\nhop=8\nbootstrap=kafka:9092\n");
        Map<String, String> values = JobArguments.parse(new String[] {"--stride", "2", "--config", file.toString()});
        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of("stride", "2", "hop", "8", "bootstrap", "kafka:9092"));
    }

    @Test
    void whatIsNotAnOptionStopsWithOneLine() throws Exception {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--strid", "4"}))
                .hasMessageStartingWith("unknown option '--strid'; expected one of [");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--stride"}))
                .hasMessage("--stride: expected a value, found none");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"stride", "4"}))
                .hasMessage("expected an option (--key value), found 'stride'");
        Path file = Files.writeString(dir.resolve("bad.properties"), "strid=5\n");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", file.toString()}))
                .hasMessageStartingWith("--config " + file + ": unknown key 'strid'; expected one of [");
        assertThatThrownBy(() -> JobArguments.parse(
                        new String[] {"--config", dir.resolve("none").toString()}))
                .hasMessageStartingWith("--config " + dir.resolve("none") + ": cannot read it");
    }
}
