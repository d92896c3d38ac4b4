package dev.tubelet.cli.video;

import dev.tubelet.model.preprocess.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Reads still images (PNG, JPEG, BMP) as RGB frames. */
public final class ImageFiles {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private ImageFiles() {}

    /**
     * @param paths directories (their images in name order) and image files, in order
     * @return the image files
     * @throws IllegalArgumentException when a path does not exist or is not an image
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    files.addAll(list.filter(ImageFiles::isImage).sorted().collect(Collectors.toList()));
                }
            } else if (Files.isRegularFile(path)) {
                if (!isImage(path)) {
                    throw new IllegalArgumentException(
                            path + ": expected a PNG, JPEG or BMP image, found another kind of file");
                }
                files.add(path);
            } else {
                throw new IllegalArgumentException(path + ": no such file or directory");
            }
        }
        return files;
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * @param file an image file
     * @return its pixels as 8-bit RGB
     * @throws IllegalArgumentException when it cannot be decoded
     */
    public static RgbImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IllegalArgumentException(file + ": not a decodable image");
        }
        return rgb(image);
    }

    /**
     * @param image any image
     * @return its pixels as 8-bit RGB
     */
    public static RgbImage rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        return new RgbImage(w, h, rgb);
    }
}
