package dev.tubelet.model.testutils;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Writes a clip of PNG frames: figures moving over a textured background, with sensor-like noise. */
public final class SyntheticFrames {
    private SyntheticFrames() {}

    public static Path write(Path dir, int frames, int width, int height, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        for (int t = 0; t < frames; t++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(70, 110, 60));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(200, 200, 210));
            g.fillRect(0, height * 2 / 3, width, height / 3);
            g.setColor(new Color(230, 190, 40));
            g.fillOval(10 + t * width / (2 * frames), height / 3, width / 6, height / 3);
            g.setColor(new Color(40, 60, 200));
            g.fillRect(width - 20 - t * width / (3 * frames), height / 4, width / 10, height / 2);
            g.dispose();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = image.getRGB(x, y);
                    int r = clamp(((rgb >> 16) & 255) + random.nextInt(-12, 13));
                    int gr = clamp(((rgb >> 8) & 255) + random.nextInt(-12, 13));
                    int b = clamp((rgb & 255) + random.nextInt(-12, 13));
                    image.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            ImageIO.write(
                    image, "png", dir.resolve(String.format("%03d.png", t)).toFile());
        }
        return dir;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
