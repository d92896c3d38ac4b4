package dev.tubelet.model.testutils;

import dev.tubelet.model.preprocess.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/** Test images: read from files and resources as RGB, and RGB frames as Java 2D images and JPEGs. */
public final class Images {
    private Images() {}

    /** @return the frame as a Java 2D image */
    public static BufferedImage toBufferedImage(RgbImage image) {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int o = (y * image.width() + x) * 3;
                b.setRGB(x, y, (px[o] & 0xFF) << 16 | (px[o + 1] & 0xFF) << 8 | (px[o + 2] & 0xFF));
            }
        }
        return b;
    }

    /** @return the frame as JPEG bytes (ImageIO's default quality) */
    public static byte[] jpeg(RgbImage image) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(toBufferedImage(image), "jpg", out);
        return out.toByteArray();
    }

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
