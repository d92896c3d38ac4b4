package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.testkit.TestVideos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: gen-model, classify (frames and video), bench runtime, errors. */
class TubeletCliTest {
    @TempDir
    static Path dir;

    static Path model;
    static List<BufferedImage> images = new ArrayList<>();

    @BeforeAll
    static void tinyModel() throws Exception {
        model = dir.resolve("tiny");
        CliRun run = CliRun.of(
                "gen-model",
                "--size",
                "tiny",
                "--frames",
                "8",
                "--image-size",
                "64",
                "--classes",
                "5",
                "--out",
                model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("model.onnx").contains("synthetic");
        for (int t = 0; t < 32; t++) {
            BufferedImage image = new BufferedImage(96, 80, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(40, 90, 140));
            g.fillRect(0, 0, 96, 80);
            g.setColor(new Color(240, 200, 30));
            g.fillOval(2 * t, 20, 20, 30);
            g.dispose();
            images.add(image);
        }
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void classifyPrintsTheJsonUsersScriptAgainst() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames8"));
        for (int t = 0; t < 8; t++) {
            ImageIO.write(
                    images.get(t),
                    "png",
                    frames.resolve(String.format("f%02d.png", t)).toFile());
        }
        JsonNode out = json(CliRun.of(
                "classify",
                "--model",
                model.toString(),
                "--frames",
                frames.toString(),
                "--json",
                "--top",
                "3",
                "--provider",
                "cpu"));
        assertThat(out.get("model").asText()).isEqualTo("tiny");
        assertThat(out.get("provider").asText()).isEqualTo("CPU");
        assertThat(out.get("layout").asText()).isEqualTo("BTCHW");
        assertThat(out.get("logits")).hasSize(5);
        assertThat(out.get("top")).hasSize(3);
        double previous = 1;
        for (JsonNode top : out.get("top")) {
            assertThat(top.get("label").asText()).startsWith("LABEL_");
            assertThat(top.get("score").asDouble()).isBetween(0.0, previous);
            previous = top.get("score").asDouble();
        }
        CliRun table =
                CliRun.of("classify", "--model", model.toString(), "--frames", frames.toString(), "--provider", "cpu");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("tiny on CPU").contains("LABEL_");
    }

    @Test
    void aVideoSampledWithAStrideGivesTheSameLogitsAsThoseFramesAsImages() throws Exception {
        Path video = dir.resolve("clip.mkv");
        // lossless, so both paths see the same pixels
        TestVideos.write(video, TestVideos.Format.LOSSLESS_MKV, 25, 96, 80, images.size(), images::get);
        Path sampled = Files.createDirectories(dir.resolve("sampled"));
        for (int t = 0; t < 8; t++) {
            ImageIO.write(
                    images.get(2 + 3 * t),
                    "png",
                    sampled.resolve(String.format("f%02d.png", t)).toFile());
        }
        JsonNode fromVideo = json(CliRun.of(
                "classify",
                "--model",
                model.toString(),
                "--video",
                video.toString(),
                "--start",
                "2",
                "--stride",
                "3",
                "--json",
                "--provider",
                "cpu"));
        JsonNode fromFrames = json(CliRun.of(
                "classify",
                "--model",
                model.toString(),
                "--frames",
                sampled.toString(),
                "--json",
                "--provider",
                "cpu"));
        assertThat(fromVideo.get("logits")).isEqualTo(fromFrames.get("logits"));

        CliRun tooShort =
                CliRun.of("classify", "--model", model.toString(), "--video", video.toString(), "--stride", "8");
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err().strip())
                .isEqualTo("tubelet classify: " + video
                        + ": expected 8 frames from frame 0 every 8 (57 frames), found 32 frames in the video");
    }

    @Test
    void benchRuntimePrintsBothLoopsSideBySide() throws Exception {
        JsonNode out = json(CliRun.of(
                "bench",
                "runtime",
                "--model",
                model.toString(),
                "--batch",
                "2",
                "--seconds",
                "1",
                "--json",
                "--provider",
                "cpu"));
        for (String loop : List.of("runtime", "bare")) {
            assertThat(out.get(loop).get("clips_per_s").asDouble()).isPositive();
            assertThat(out.get(loop).get("p50_ms").asDouble()).isPositive();
            assertThat(out.get(loop).get("p99_ms").asDouble())
                    .isGreaterThanOrEqualTo(out.get(loop).get("p50_ms").asDouble());
            assertThat(out.get(loop).get("calls").asInt()).isGreaterThanOrEqualTo(12);
        }
        assertThat(out.get("ratio").asDouble()).isPositive();
        assertThat(out.get("batch").asInt()).isEqualTo(2);
        assertThat(out.get("provider").asText()).isEqualTo("CPU");
    }

    @Test
    void importThenClassifyAndAMaliciousPickleIsRefused() throws Exception {
        var arch = dev.tubelet.model.graph.VideoMaeArchitecture.builder(
                        dev.tubelet.model.graph.VideoMaeArchitecture.Size.TINY)
                .numFrames(8)
                .imageSize(64)
                .numClasses(5)
                .build();
        Path checkpoint = dir.resolve("tiny.safetensors");
        dev.tubelet.model.testmodels.CheckpointWriters.safetensors(
                checkpoint, dev.tubelet.model.testmodels.CheckpointWriters.seededStateDict(arch, 0));
        CliRun imported = CliRun.of(
                "import",
                "--checkpoint",
                checkpoint.toString(),
                "--frames",
                "8",
                "--image-size",
                "64",
                "--out",
                dir.resolve("imported").toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out())
                .startsWith(
                        "imported tiny.safetensors (original names, 32 tensors): VideoMAE 64 wide, 2 blocks, 2 heads");
        Path frames = Files.createDirectories(dir.resolve("frames8i"));
        for (int t = 0; t < 8; t++) {
            ImageIO.write(
                    images.get(t),
                    "png",
                    frames.resolve(String.format("f%02d.png", t)).toFile());
        }
        // gen-model with seed 0 wrote the same weights: the imported model must agree with it exactly
        JsonNode fromImport = json(CliRun.of(
                "classify",
                "--model",
                dir.resolve("imported").toString(),
                "--frames",
                frames.toString(),
                "--json",
                "--provider",
                "cpu"));
        JsonNode fromGenModel = json(CliRun.of(
                "classify", "--model", model.toString(), "--frames", frames.toString(), "--json", "--provider", "cpu"));
        assertThat(fromImport.get("logits")).isEqualTo(fromGenModel.get("logits"));

        Path marker = dir.resolve("pwned");
        byte[] pickle = new dev.tubelet.model.testmodels.CheckpointWriters.Pickle()
                .proto()
                .global("os", "system")
                .mark()
                .unicode("touch " + marker)
                .op('t')
                .op('R')
                .op('.')
                .bytes();
        Path evil = dir.resolve("evil.pth");
        dev.tubelet.model.testmodels.CheckpointWriters.torchZip(evil, pickle, java.util.Map.of());
        CliRun refused = CliRun.of(
                "import",
                "--checkpoint",
                evil.toString(),
                "--out",
                dir.resolve("evil").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo("tubelet import: evil.pth: refusing to unpickle os.system: only tensors, "
                        + "state dicts and plain values are allowed (a checkpoint is untrusted input)");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aJobConfigFileWithAnUnknownKeyOrABadValueStopsWithOneLine() throws Exception {
        Path config = Files.writeString(dir.resolve("job.properties"), "stride=4\nstrid=5\n");
        CliRun unknown = CliRun.of(
                "job", "--bootstrap", "localhost:1", "--model", model.toString(), "--config", config.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip())
                .startsWith("tubelet job: --config " + config + ": unknown key 'strid'; expected one of [");
        Path bad = Files.writeString(dir.resolve("bad.properties"), "hop=zero\n");
        CliRun badValue =
                CliRun.of("job", "--bootstrap", "localhost:1", "--model", model.toString(), "--config", bad.toString());
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err().strip()).isEqualTo("tubelet job: hop: expected a whole number, found 'zero'");
        CliRun delivery =
                CliRun.of("job", "--bootstrap", "localhost:1", "--model", model.toString(), "--delivery", "twice");
        assertThat(delivery.exitCode()).isEqualTo(2);
        assertThat(delivery.err().strip())
                .isEqualTo("tubelet job: delivery: expected exactly-once or at-least-once, found 'twice'");
        CliRun noModel = CliRun.of(
                "job",
                "--bootstrap",
                "localhost:1",
                "--model",
                dir.resolve("none").toString());
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err().strip())
                .startsWith("tubelet job: model " + dir.resolve("none") + ": no such file or directory");
    }

    @Test
    void badInputGivesOneLineAndANonZeroExitCode() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames3"));
        for (int t = 0; t < 3; t++) {
            ImageIO.write(images.get(t), "png", frames.resolve(t + ".png").toFile());
        }
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {8, 1, 2});
        String[][] cases = {
            {"classify", "--model", dir.resolve("missing").toString(), "--frames", frames.toString()},
            {"classify", "--model", model.toString(), "--frames", frames.toString()},
            {"classify", "--model", corrupt.toString(), "--frames", frames.toString()},
            {"classify", "--model", model.toString(), "--frames", frames.toString(), "--bogus"},
            {"classify", "--model", model.toString()},
            {"classify", "--model", model.toString(), "--frames", frames.toString(), "--provider", "metal"},
            {"gen-model", "--size", "huge", "--out", dir.resolve("x").toString()},
            {"bench", "runtime", "--model", model.toString(), "--batch", "0"},
            {"clips", "--out", dir.resolve("clips").toString(), "--pre-s", "-1"},
            {"clips", "--out", dir.resolve("clips").toString(), "--max-clip-s", "0"},
            {"demo-model"},
        };
        String[] expected = {
            "tubelet classify: model " + dir.resolve("missing")
                    + ": no such file or directory (expected a model directory or an .onnx file)",
            "tubelet classify: --frames: the model takes 8 frames per clip, found 3 images in [" + frames + "]",
            "tubelet classify: corrupt.onnx: expected an ONNX model (protobuf ModelProto), found bytes that do not parse",
            "tubelet classify: Unknown option: '--bogus'",
            "tubelet classify: Error: Missing required argument (specify one of these): (--frames",
            "tubelet classify: provider: expected auto, cpu, cuda or tensorrt, found 'metal'",
            "tubelet gen-model: Invalid value for option '--size': expected tiny, small, base, large or passthrough, found 'huge'",
            "tubelet bench runtime: --batch must be ≥ 1 and --seconds > 0, found 0 and 20.0",
            "tubelet clips: --pre-s: expected seconds from 0 to 86400, found -1.0",
            "tubelet clips: --max-clip-s must be positive, found 0.0 s",
            "tubelet demo-model: Missing required option: '--out=DIR'",
        };
        assertOneLineErrors(cases, expected);
        CliRun verbose =
                CliRun.of("classify", "--model", corrupt.toString(), "--frames", frames.toString(), "--verbose");
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void aJobThatRequiresAGpuIsCheckedAndSubmittedFromAMachineWithoutOne() throws Exception {
        // the submitting process validates the model from its files; TaskManagers enforce the GPU
        CliRun run = CliRun.of(
                "job",
                "--bootstrap",
                "kafka:9092",
                "--model",
                model.toString(),
                "--provider",
                "tensorrt",
                "--require-gpu",
                "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("configuration ok")
                .contains("tensorrt, a GPU required (checked on the TaskManagers)");
    }

    @Test
    void detectionModelsAndBoxSourcesAreCheckedBeforeAnythingStarts() throws Exception {
        Path detector = dir.resolve("detector");
        CliRun gen = CliRun.of(
                "gen-model",
                "--task",
                "detect",
                "--size",
                "tiny",
                "--frames",
                "8",
                "--image-size",
                "64",
                "--out",
                detector.toString());
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("80 classes").contains("detection head (RoIAlign 7x7, max pool, multi-label)");
        assertThat(Files.readString(detector.resolve("config.json"))).contains("\"tubelet_task\" : \"detection\"");

        CliRun ok = CliRun.of(
                "job",
                "--bootstrap",
                "kafka:9092",
                "--model",
                model.toString(),
                "--detect-model",
                detector.toString(),
                "--boxes",
                "motion",
                "--camera-boxes",
                "gate=upstream,lobby=motion",
                "--dry-run");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out())
                .contains("configuration ok")
                .contains("gate=upstream")
                .contains("lobby=motion");

        Path wrongSize = dir.resolve("detector-32");
        assertThat(CliRun.of(
                                "gen-model",
                                "--task",
                                "detect",
                                "--size",
                                "tiny",
                                "--frames",
                                "8",
                                "--image-size",
                                "32",
                                "--out",
                                wrongSize.toString())
                        .exitCode())
                .isZero();
        String[][] cases = {
            {
                "job",
                "--bootstrap",
                "k:9092",
                "--model",
                model.toString(),
                "--detect-model",
                model.toString(),
                "--dry-run"
            },
            {
                "job",
                "--bootstrap",
                "k:9092",
                "--model",
                model.toString(),
                "--detect-model",
                wrongSize.toString(),
                "--dry-run"
            },
            {
                "job",
                "--bootstrap",
                "k:9092",
                "--model",
                model.toString(),
                "--detect-model",
                detector.toString(),
                "--boxes",
                "yolo",
                "--dry-run"
            },
            {"job", "--bootstrap", "k:9092", "--model", model.toString(), "--camera-boxes", "gate=motion", "--dry-run"},
            {
                "job",
                "--bootstrap",
                "k:9092",
                "--model",
                model.toString(),
                "--detect-model",
                detector.toString(),
                "--boxes",
                "detector:" + model.resolve("model.onnx"),
                "--dry-run"
            },
            {
                "gen-model",
                "--task",
                "detect",
                "--fp16",
                "--out",
                dir.resolve("y").toString()
            },
            {"gen-model", "--task", "segment", "--out", dir.resolve("y").toString()},
        };
        String[] expected = {
            "tubelet job: model.onnx: expected a detection model with inputs pixel_values and rois [boxes, 5] (tubelet gen-model --task detect), found inputs [pixel_values]",
            "tubelet job: --detect-model " + wrongSize + ": expected the classifier's input (8 frames of 64x64",
            "tubelet job: box source: expected upstream, motion or detector:PATH (a YOLO .onnx), found 'yolo'",
            "tubelet job: camera-boxes: box sources need detection on; expected --detect-model DIR as well, found none",
            "tubelet job: model.onnx: expected the detector's input [1, 3, H, W], found [-1, 8, 3, 64, 64]",
            "tubelet gen-model: --fp16: detection models are float32",
            "tubelet gen-model: Invalid value for option '--task': expected classify, detect or anomaly, found 'segment'",
        };
        assertOneLineErrors(cases, expected);
    }

    /** Each command exits with 2 and one line on stderr that starts as expected, with no stack trace. */
    private static void assertOneLineErrors(String[][] cases, String[] expected) throws Exception {
        for (int i = 0; i < cases.length; i++) {
            CliRun run = CliRun.of(cases[i]);
            assertThat(run.exitCode()).as(String.join(" ", cases[i])).isEqualTo(2);
            List<String> lines =
                    run.err().lines().filter(l -> l.startsWith("tubelet")).toList();
            assertThat(lines).as(run.err()).hasSize(1);
            assertThat(lines.get(0)).startsWith(expected[i]);
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }
}
