package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @Test
    void patternsFollowDockersRules(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve(".dockerignore"), "# build output\n**/target\nmodels\n*.mp4\n/demo-out/\n");
        BuildContext context = BuildContext.of(root);
        // ** spans any number of directories, none included
        assertThat(context.ignored("target")).isTrue();
        assertThat(context.ignored("cli/target/cli.jar")).isTrue();
        assertThat(context.ignored("a/b/target")).isTrue();
        assertThat(context.ignored("cli/targets/x")).isFalse();
        // without **, a pattern is anchored at the context root and * stays within one element
        assertThat(context.ignored("models/k400/model.onnx")).isTrue();
        assertThat(context.ignored("cli/src/main/java/models/Foo.java")).isFalse();
        assertThat(context.ignored("clip.mp4")).isTrue();
        assertThat(context.ignored("samples/clip.mp4")).isFalse();
        assertThat(context.ignored("demo-out/x.json")).isTrue();
    }

    @Test
    void copyTakesADirectorysContentsAndLeavesIgnoredFilesOut(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(root.resolve(".dockerignore"), "**/target\n");
        Files.createDirectories(root.resolve("cli/src"));
        Files.createDirectories(root.resolve("cli/target"));
        Files.writeString(root.resolve("cli/src/A.java"), "class A {}");
        Files.writeString(root.resolve("cli/target/old.jar"), "stale");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        BuildContext context = BuildContext.of(root);
        Path stage = Files.createDirectories(tmp.resolve("stage"));
        assertThat(context.copy("cli", stage.resolve("cli"), false)).isEqualTo(1);
        assertThat(context.copy("pom.xml", stage.resolve("."), true)).isEqualTo(1);
        assertThat(stage.resolve("cli/src/A.java")).exists();
        assertThat(stage.resolve("cli/target")).doesNotExist();
        assertThat(stage.resolve("pom.xml")).exists();
        assertThatThrownBy(() -> context.copy("cli/target", stage.resolve("t"), false))
                .hasMessageContaining("expected it in the build context (after .dockerignore)");
        assertThatThrownBy(() -> context.copy("deploy-checks", stage.resolve("d"), false))
                .hasMessageContaining("COPY deploy-checks");
    }
}
