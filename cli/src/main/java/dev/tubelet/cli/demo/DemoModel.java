package dev.tubelet.cli.demo;

import dev.tubelet.model.checkpoint.CheckpointImporter;
import dev.tubelet.model.checkpoint.ImportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The demo model: a small VideoMAE (width 96, 4 blocks, 3 heads, 16 frames of 64×64) trained on the
 * demo scene's actions ({@link ActionScene.Action}: standing, walking, running, jumping, falling),
 * shipped as a float16 safetensors checkpoint with its config.json and preprocessor_config.json
 * (about 1 MB) and imported at first use by the importer of {@code tubelet import}. It knows
 * nothing but the demo scene. How it was made: README, "The demo model".
 */
public final class DemoModel {
    /** Where the checkpoint lives on the classpath. */
    static final String RESOURCES = "/dev/tubelet/cli/demo-model/";
    /** Where the anomaly model's pretraining checkpoint lives on the classpath. */
    static final String ANOMALY_RESOURCES = "/dev/tubelet/cli/demo-anomaly-model/";

    static final List<String> FILES = List.of("model.safetensors", "config.json", "preprocessor_config.json");

    private DemoModel() {}

    /**
     * @param dir the model directory to write (its checkpoint/ keeps the shipped files)
     * @return {@code dir}, holding the imported model; an earlier import of the same checkpoint is kept
     */
    public static Path install(Path dir) throws IOException {
        return install(RESOURCES, dir);
    }

    /**
     * The demo's anomaly model: a masked autoencoder of the demo model's size (encoder 96 wide, 4
     * blocks; decoder 64 wide, 2 blocks; 16 frames of 64×64, mask ratio 0.75) pretrained on the same
     * clips of the demo scene, shipped as its pretraining checkpoint and imported at first use as an
     * anomaly model. How it was made: README, "The demo model".
     *
     * @param dir the model directory to write (its checkpoint/ keeps the shipped files)
     * @return {@code dir}, holding the imported anomaly model
     */
    public static Path installAnomaly(Path dir) throws IOException {
        return install(ANOMALY_RESOURCES, dir);
    }

    private static Path install(String resources, Path dir) throws IOException {
        Path checkpoint = dir.resolve("checkpoint");
        if (Files.isRegularFile(dir.resolve("model.onnx")) && sameAsShipped(resources, checkpoint)) {
            return dir;
        }
        Files.createDirectories(checkpoint);
        for (String name : FILES) {
            try (InputStream in = shipped(resources, name)) {
                Files.copy(in, checkpoint.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        CheckpointImporter.importCheckpoint(ImportOptions.builder(checkpoint.resolve("model.safetensors"), dir)
                .build());
        return dir;
    }

    private static boolean sameAsShipped(String resources, Path checkpoint) {
        try {
            for (String name : FILES) {
                Path copy = checkpoint.resolve(name);
                if (!Files.isRegularFile(copy)) {
                    return false;
                }
                try (InputStream in = shipped(resources, name)) {
                    if (!Arrays.equals(in.readAllBytes(), Files.readAllBytes(copy))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream shipped(String resources, String name) throws IOException {
        InputStream in = DemoModel.class.getResourceAsStream(resources + name);
        if (in == null) {
            throw new IOException("the demo model's " + name + " is missing from this build of tubelet");
        }
        return in;
    }
}
