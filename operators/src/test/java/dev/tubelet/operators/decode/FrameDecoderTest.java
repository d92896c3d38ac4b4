package dev.tubelet.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.schema.DeadLetterReason;
import dev.tubelet.schema.FrameEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static BufferedImage image(int w, int h, boolean noise) {
        return image(w, h, noise, BufferedImage.TYPE_INT_RGB);
    }

    private static BufferedImage image(int w, int h, boolean noise, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        SplittableRandom random = new SplittableRandom(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = noise ? random.nextInt(256) : (x * 255 / w);
                int g = noise ? random.nextInt(256) : (y * 255 / h);
                image.setRGB(x, y, (r << 16) | (g << 8) | 90);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    @Test
    void pngDecodesExactlyAndInRgbOrder() throws Exception {
        BufferedImage source = image(37, 23, true);
        RgbImage decoded = new FrameDecoder(1 << 20, 224, false).decode(FrameEncoding.PNG, encode(source, "png"), 0, 0);
        assertThat(decoded.width()).isEqualTo(37);
        assertThat(decoded.height()).isEqualTo(23);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                int rgb = source.getRGB(x, y);
                int i = (y * 37 + x) * 3;
                assertThat(decoded.pixels()[i] & 0xff).isEqualTo((rgb >> 16) & 0xff);
                assertThat(decoded.pixels()[i + 1] & 0xff).isEqualTo((rgb >> 8) & 0xff);
                assertThat(decoded.pixels()[i + 2] & 0xff).isEqualTo(rgb & 0xff);
            }
        }
    }

    @Test
    void jpegDecodesCloseToTheJdksDecoder() throws Exception {
        byte[] jpeg = encode(image(64, 48, false), "jpg");
        RgbImage ours = new FrameDecoder(1 << 20, 224, false).decode(FrameEncoding.JPEG, jpeg, 0, 0);
        BufferedImage theirs = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        int worst = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int rgb = theirs.getRGB(x, y);
                int i = (y * 64 + x) * 3;
                worst = Math.max(worst, Math.abs((ours.pixels()[i] & 0xff) - ((rgb >> 16) & 0xff)));
                worst = Math.max(worst, Math.abs((ours.pixels()[i + 2] & 0xff) - (rgb & 0xff)));
            }
        }
        assertThat(worst).as("largest channel difference from ImageIO").isLessThanOrEqualTo(4);
    }

    /**
     * Two builds of libjpeg-turbo with the same settings (PIL's: accurate IDCT, smooth chroma
     * upsampling) give the same pixels: the JPEG decoder's RGB must be OpenCV's usual BGR decode with
     * the channels swapped, at full and reduced scale, for colour and grey JPEGs; PNG goes through
     * OpenCV itself, in RGB order.
     */
    @Test
    void rgbDecodeIsOpenCvsBgrDecodeSwapped() throws Exception {
        for (Object[] c : new Object[][] {
            {"jpg", 320, 240, 224, IMREAD_COLOR, BufferedImage.TYPE_INT_RGB},
            {"jpg", 960, 720, 224, IMREAD_REDUCED_COLOR_2, BufferedImage.TYPE_INT_RGB},
            {"jpg", 960, 720, 100, IMREAD_REDUCED_COLOR_4, BufferedImage.TYPE_INT_RGB},
            {"jpg", 1800, 1600, 200, IMREAD_REDUCED_COLOR_8, BufferedImage.TYPE_INT_RGB},
            {"jpg", 75, 41, 224, IMREAD_COLOR, BufferedImage.TYPE_BYTE_GRAY},
            {"png", 61, 35, 224, IMREAD_COLOR, BufferedImage.TYPE_INT_RGB}
        }) {
            byte[] encoded = encode(image((int) c[1], (int) c[2], true, (int) c[5]), (String) c[0]);
            FrameEncoding encoding = c[0].equals("png") ? FrameEncoding.PNG : FrameEncoding.JPEG;
            try (FrameDecoder decoder = new FrameDecoder(1 << 22, (int) c[3], false);
                    Mat bgr = imdecode(new Mat(new BytePointer(encoded)), (int) c[4])) {
                RgbImage rgb = decoder.decode(encoding, encoded, 0, 0);
                byte[] expected = new byte[bgr.cols() * bgr.rows() * 3];
                bgr.data().get(expected);
                for (int i = 0; i < expected.length; i += 3) {
                    byte blue = expected[i];
                    expected[i] = expected[i + 2];
                    expected[i + 2] = blue;
                }
                assertThat(rgb.width()).isEqualTo(bgr.cols());
                assertThat(rgb.height()).isEqualTo(bgr.rows());
                assertThat(rgb.pixels())
                        .as("%s %sx%s type %s", c[0], c[1], c[2], c[5])
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void largeJpegsAreDecodedAtAReducedScaleUnlessExactIsAsked() throws Exception {
        byte[] jpeg = encode(image(960, 720, false), "jpg");
        assertThat(new FrameDecoder(1 << 22, 224, false)
                        .decode(FrameEncoding.JPEG, jpeg, 0, 0)
                        .width())
                .isEqualTo(480);
        assertThat(new FrameDecoder(1 << 22, 100, false)
                        .decode(FrameEncoding.JPEG, jpeg, 0, 0)
                        .width())
                .isEqualTo(240);
        assertThat(new FrameDecoder(1 << 22, 224, true)
                        .decode(FrameEncoding.JPEG, jpeg, 0, 0)
                        .width())
                .isEqualTo(960);
        assertThat(ImageHeader.jpeg(jpeg)).isEqualTo(new ImageHeader(960, 720));
    }

    @Test
    void rawBgrIsSwappedAndSizesAreBoundedBeforeDecoding() throws Exception {
        RgbImage rgb =
                new FrameDecoder(100, 224, false).decode(FrameEncoding.RAW_BGR24, new byte[] {1, 2, 3, 4, 5, 6}, 2, 1);
        assertThat(rgb.pixels()).containsExactly(3, 2, 1, 6, 5, 4);
        byte[] jpeg = encode(image(64, 48, false), "jpg");
        assertThatThrownBy(() -> new FrameDecoder(1000, 224, false).decode(FrameEncoding.JPEG, jpeg, 0, 0))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(DeadLetterReason.IMAGE_TOO_LARGE))
                .hasMessageContaining("64x48");
        assertThatThrownBy(() ->
                        new FrameDecoder(1 << 20, 224, false).decode(FrameEncoding.PNG, new byte[] {1, 2, 3}, 0, 0))
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(DeadLetterReason.CORRUPT_IMAGE));
    }

    /** As PIL: a JPEG cut short is refused, one with bytes after its end decodes as it would without them. */
    @Test
    void truncatedJpegsAreRefusedAndTrailingBytesIgnored() throws Exception {
        byte[] jpeg = encode(image(64, 48, true), "jpg");
        FrameDecoder decoder = new FrameDecoder(1 << 20, 224, false);
        for (int length : new int[] {jpeg.length / 3, jpeg.length - 2, jpeg.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(jpeg, length);
            assertThatThrownBy(() -> decoder.decode(FrameEncoding.JPEG, truncated, 0, 0))
                    .satisfies(
                            e -> assertThat(((DecodeException) e).reason()).isEqualTo(DeadLetterReason.CORRUPT_IMAGE))
                    .hasMessageContaining("truncated");
        }
        byte[] whole = decoder.decode(FrameEncoding.JPEG, jpeg, 0, 0).pixels().clone();
        byte[] padded = java.util.Arrays.copyOf(jpeg, jpeg.length + 9);
        padded[jpeg.length + 3] = 0x42;
        assertThat(decoder.decode(FrameEncoding.JPEG, padded, 0, 0).pixels()).isEqualTo(whole);
    }
}
