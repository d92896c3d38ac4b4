package dev.tubelet.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipPathsTest {
    @Test
    void anAlertsClipIsCameraSlashAlertWithColonsAsUnderscores() {
        assertThat(ClipPaths.relative("lobby-1", "alert:lobby-running:seg:lobby-1:sprint:0"))
                .isEqualTo("lobby-1/alert_lobby-running_seg_lobby-1_sprint_0.mp4");
    }

    @Test
    void noCameraIdClimbsOutOfTheDirectoryOrHidesItsClips() {
        assertThat(ClipPaths.relative("../../etc", "a")).isEqualTo("_._.._etc/a.mp4");
        assertThat(ClipPaths.relative("..", "a")).isEqualTo("_./a.mp4");
        assertThat(ClipPaths.relative(".hidden", "a")).isEqualTo("_hidden/a.mp4");
        assertThat(ClipPaths.relative("cam/1\\x", "a b")).isEqualTo("cam_1_x/a_b.mp4");
        assertThat(ClipPaths.fileName("")).isEqualTo("_");
    }
}
