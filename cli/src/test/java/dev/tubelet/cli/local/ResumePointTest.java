package dev.tubelet.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumePointTest {
    @TempDir
    Path dir;

    private Path checkpoint(String run, int n, long modifiedMillis, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(run).resolve("chk-" + n));
        if (complete) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        }
        return chk;
    }

    @Test
    void autoResumesFromTheNewestCompletedCheckpointOfAnyEarlierRun() throws Exception {
        checkpoint("run-a", 40, 1_000_000, true);
        Path newest = checkpoint("run-b", 3, 2_000_000, true);
        checkpoint("run-b", 4, 3_000_000, false); // killed while it was written
        ResumePoint start = ResumePoint.choose("auto", dir.toUri().toString());
        assertThat(start.path()).isEqualTo(newest.toString());
        assertThat(start.reason()).startsWith("resuming from " + newest);
    }

    @Test
    void autoWithoutCheckpointsOrWithoutADirectoryIsAFreshStartThatSaysWhy() throws Exception {
        assertThat(ResumePoint.choose("auto", dir.toString()).path()).isNull();
        assertThat(ResumePoint.choose("auto", dir.toString()).reason())
                .isEqualTo("fresh start (no completed checkpoint in " + dir + ")");
        assertThat(ResumePoint.choose("auto", null).reason()).contains("no --checkpoint-dir");
        checkpoint("run-a", 1, 1_000, true);
        assertThat(ResumePoint.choose("never", dir.toString()).path()).isNull();
    }

    @Test
    void aGivenPathMustHoldACheckpointOrSavepoint() throws Exception {
        Path chk = checkpoint("run-a", 7, 1_000, true);
        assertThat(ResumePoint.choose(chk.toString(), null).path()).isEqualTo(chk.toString());
        // as Flink prints a savepoint's path
        assertThat(ResumePoint.choose("file:" + chk, null).path()).isEqualTo(chk.toString());
        assertThat(ResumePoint.choose("s3://bucket/sp-1", null).path()).isEqualTo("s3://bucket/sp-1");
        assertThatThrownBy(() -> ResumePoint.choose(dir.resolve("nothing").toString(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected auto, never, or a checkpoint or savepoint directory with a _metadata");
        assertThatThrownBy(() -> ResumePoint.choose("auto", "s3://bucket/ckpt"))
                .hasMessageContaining("give --resume PATH instead");
    }
}
