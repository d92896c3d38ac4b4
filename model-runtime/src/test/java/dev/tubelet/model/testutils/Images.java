package dev.tubelet.model.testutils;

import dev.tubelet.model.preprocess.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/** Test images read from resources as RGB. */
public final class Images {
    private Images() {}

    public static RgbImage file(java.nio.file.Path path) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(path)) {
            return read(in);
        }
    }

    public static RgbImage resource(String path) throws IOException {
        try (InputStream in = Images.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return read(in);
        }
    }

    private static RgbImage read(InputStream in) throws IOException {
        {
            BufferedImage image = ImageIO.read(in);
            int w = image.getWidth();
            int h = image.getHeight();
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            byte[] rgb = new byte[w * h * 3];
            for (int i = 0; i < argb.length; i++) {
                rgb[3 * i] = (byte) (argb[i] >> 16);
                rgb[3 * i + 1] = (byte) (argb[i] >> 8);
                rgb[3 * i + 2] = (byte) argb[i];
            }
            return new RgbImage(w, h, rgb);
        }
    }
}
