package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in a test-sized run, with detection: action and detection events come out, the demo
 * model sees the running and the running rule's alert gets its clip, and each camera's annotated
 * MP4 has every frame it sent.
 */
@Timeout(240)
class DemoITCase {
    @TempDir
    Path dir;

    @Test
    void aShortDemoProducesEventsAndAnnotatedVideos() throws Exception {
        Path out = dir.resolve("demo-out");
        CliRun run = CliRun.of(
                "demo",
                "--duration",
                "16",
                "--cameras",
                "2",
                "--out",
                out.toString(),
                "--kafka-port",
                "0",
                "--web-ui-port",
                "0",
                "--provider",
                "cpu",
                "--detect");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("the demo model in", "alert rules in")
                .contains("Flink dashboard on http://localhost:");
        // the scene runs from 8 s to 13 s: the running rule (2 s) fires, and its clip is written
        assertThat(run.out()).containsPattern("camera-\\d +ALERT running \\(info\\): running since ");
        Matcher clip = Pattern.compile("clip alert:running:\\S+: (\\S+\\.mp4) \\((\\d+) frames")
                .matcher(run.out());
        assertThat(clip.find()).as(run.out()).isTrue();
        assertThat(Path.of(clip.group(1)))
                .exists()
                .startsWith(out.resolve("clips").toAbsolutePath());
        assertThat(Integer.parseInt(clip.group(2))).isGreaterThan(25 * 5);
        assertThat(run.out()).containsPattern("OPEN running");
        Matcher summary = Pattern.compile("demo: (\\d+) frames, (\\d+) windows, (\\d+) events, (\\d+) dead letters")
                .matcher(run.out());
        assertThat(summary.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isEqualTo(2 * 16 * 25);
        assertThat(Long.parseLong(summary.group(3))).isGreaterThanOrEqualTo(2 * 4);
        assertThat(Long.parseLong(summary.group(4))).isZero();
        // ingest numbers a run's frames from its start in microseconds; a window spans 15 strides of 4
        for (String camera : new String[] {"camera-1", "camera-2"}) {
            Matcher window = Pattern.compile(camera + " +seq (\\d+)-(\\d+) ").matcher(run.out());
            assertThat(window.find()).as(run.out()).isTrue();
            assertThat(Long.parseLong(window.group(2)) - Long.parseLong(window.group(1)))
                    .isEqualTo(60);
        }
        Matcher detections = Pattern.compile("demo: (\\d+) detection events, (\\d+) boxes, (\\d+) tracks")
                .matcher(run.out());
        assertThat(detections.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(detections.group(1))).isGreaterThanOrEqualTo(2 * 4);
        assertThat(Long.parseLong(detections.group(2))).isPositive();
        assertThat(Long.parseLong(detections.group(3))).isPositive();
        assertThat(run.out()).containsPattern("camera-1 +keyframe \\d+  #\\d+ \\[");
        for (String camera : new String[] {"camera-1", "camera-2"}) {
            try (FFmpegFrameGrabber grabber =
                    new FFmpegFrameGrabber(out.resolve(camera + ".mp4").toFile())) {
                grabber.start();
                int frames = 0;
                while (grabber.grabImage() != null) {
                    frames++;
                }
                assertThat(frames).as(camera + ".mp4 frames").isEqualTo(16 * 25);
                assertThat(grabber.getImageWidth()).isEqualTo(320);
            }
        }
    }
}
