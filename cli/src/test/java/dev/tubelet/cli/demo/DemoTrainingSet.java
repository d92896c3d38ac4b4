package dev.tubelet.cli.demo;

import dev.tubelet.cli.demo.ActionScene.Action;
import dev.tubelet.model.preprocess.FramePlanes;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the demo model's training clips for {@code train_demo_model.py}: {@code clips.u8}, N clips
 * of 16 × 3 × 64 × 64 bytes (frame, channel, row, column; the model's planes before rescaling and
 * normalization), and {@code labels.u8}, N class indices ({@link Action} order). How the shipped
 * model was made (README, "The demo model"):
 *
 * <pre>
 * java -cp … dev.tubelet.cli.demo.DemoTrainingSet /tmp/demo-train 300 2026
 * /usr/bin/python3 cli/src/test/python/train_demo_model.py /tmp/demo-train cli/src/main/resources/dev/tubelet/cli/demo-model
 * </pre>
 */
public final class DemoTrainingSet {
    private DemoTrainingSet() {}

    /** @param args OUT_DIR CLIPS_PER_ACTION SEED */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int perAction = Integer.parseInt(args[1]);
        ActionClips clips = new ActionClips(Long.parseLong(args[2]));
        Files.createDirectories(out);
        try (OutputStream data = new BufferedOutputStream(Files.newOutputStream(out.resolve("clips.u8")), 1 << 20);
                OutputStream labels = Files.newOutputStream(out.resolve("labels.u8"))) {
            for (int i = 0; i < perAction; i++) {
                for (Action action : Action.values()) {
                    List<FramePlanes> frames = clips.clip(action);
                    for (FramePlanes f : frames) {
                        data.write(f.data(), f.offset(), 3 * f.planeSize());
                    }
                    labels.write(action.ordinal());
                }
            }
        }
    }
}
