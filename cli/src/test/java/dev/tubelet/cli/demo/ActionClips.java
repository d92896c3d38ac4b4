package dev.tubelet.cli.demo;

import dev.tubelet.cli.demo.ActionScene.Action;
import dev.tubelet.cli.demo.ActionScene.Actor;
import dev.tubelet.cli.video.ImageFiles;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Clips of one action each, as the demo model sees them: 16 frames of the demo scene at 320×240,
 * a random look and place, sampled every 0.12–0.30 s (the demo's 25 fps and the compose sample's
 * 15 fps at stride 4, and more), JPEG-encoded as ingest does, then resized and cropped by the
 * runtime's own preprocessing. The training set (seed 2026) and the accuracy test (other seeds)
 * both come from here.
 */
public final class ActionClips {
    /** Frames per clip (the demo model's). */
    public static final int FRAMES = 16;
    /** The demo model's input size. */
    public static final int SIZE = 64;

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    private final Random random;
    private final FramePreprocessor preprocessor = new FramePreprocessor(PreprocessorConfig.videoMaeDefaults(SIZE));

    /** @param seed the clips' seed */
    public ActionClips(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param action the action shown
     * @return the clip's frames as the model's 8-bit planes (3 × 64 × 64 each)
     */
    public List<FramePlanes> clip(Action action) throws IOException {
        Actor actor = Actor.random(random);
        double step = 0.12 + 0.18 * random.nextDouble();
        // a fall starts anywhere from well before the clip (lying) to near its end
        double offset = action == Action.FALLING
                ? -1.5 + (FRAMES * step + 1.0) * random.nextDouble()
                : 10 * random.nextDouble();
        int quality = 60 + random.nextInt(36);
        List<FramePlanes> frames = new ArrayList<>(FRAMES);
        for (int k = 0; k < FRAMES; k++) {
            double t = action == Action.FALLING ? k * step - offset : offset + k * step;
            BufferedImage image = jpegRoundTrip(ActionScene.frame(action, actor, t, WIDTH, HEIGHT), quality);
            frames.add(preprocessor.preprocess(ImageFiles.rgb(image)));
        }
        return frames;
    }

    private static BufferedImage jpegRoundTrip(BufferedImage image, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
