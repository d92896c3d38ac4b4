package dev.tubelet.operators.decode;

import static org.bytedeco.leptonica.global.leptonica.L_JPEG_CONTINUE_WITH_BAD_DATA;
import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixGetColormap;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetDepth;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;

import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.schema.DeadLetterReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;

/**
 * JPEG to RGB with the SIMD build of libjpeg-turbo that Leptonica's JavaCPP preset carries.
 * OpenCV's bundled libjpeg-turbo is built without SIMD and took 0.60 ms for a 320×240 frame where
 * this takes 0.34 ms. The settings are libjpeg's defaults (accurate integer IDCT, smooth chroma
 * upsampling), those PIL decodes with, so the pixels are PIL's to the bit; unlike OpenCV, the
 * EXIF orientation is not applied, as in PIL. As PIL does, a JPEG without its end-of-image marker
 * is refused as truncated (checked here, before libjpeg would fill the rest with grey and print a
 * warning on stderr), and one that makes libjpeg warn otherwise is decoded as far as it goes (libjpeg
 * then prints its one-line warning on the process's stderr, as it did under OpenCV).
 *
 * <p>The image it returns lives in a buffer it reuses and is valid until the next call. Not
 * thread-safe; one per {@link FrameDecoder}.
 */
final class JpegDecoder {
    static {
        // Bad frames become DecodeExceptions with their own message; Leptonica would also print each.
        setMsgSeverity(L_SEVERITY_NONE);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private int[] words = new int[0];
    private byte[] pixels = new byte[0];

    /**
     * @param data the JPEG's bytes
     * @param encoded the same bytes in native memory, from position 0
     * @param reduction 1, 2, 4 or 8: the DCT scale to decode at
     * @return the RGB image, valid until the next call
     * @throws DecodeException CORRUPT_IMAGE when the bytes do not decode cleanly
     */
    RgbImage decode(byte[] data, BytePointer encoded, int reduction) throws DecodeException {
        if (!hasEndMarker(data)) {
            throw new DecodeException(
                    DeadLetterReason.CORRUPT_IMAGE,
                    "the JPEG is truncated: no end-of-image marker (FF D9) in its " + data.length + " bytes");
        }
        PIX pix = pixReadMemJpeg(encoded, data.length, 0, reduction, (IntPointer) null, L_JPEG_CONTINUE_WITH_BAD_DATA);
        if (pix == null) {
            throw new DecodeException(
                    DeadLetterReason.CORRUPT_IMAGE, "the image data does not decode (" + data.length + " bytes)");
        }
        try {
            return toRgb(pix);
        } finally {
            pixDestroy(pix);
        }
    }

    /**
     * Whether an end-of-image marker is there: last, or before trailing bytes (padding, a maker's
     * trailer), which PIL accepts too. Entropy-coded data never holds FF D9 (an FF in it is followed
     * by 00), so a frame cut short has none, unless an embedded thumbnail brought one.
     */
    private static boolean hasEndMarker(byte[] data) {
        for (int i = data.length - 1; i > 0; i--) {
            if (data[i] == (byte) 0xD9 && data[i - 1] == (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    private RgbImage toRgb(PIX pix) throws DecodeException {
        int w = pixGetWidth(pix);
        int h = pixGetHeight(pix);
        int depth = pixGetDepth(pix);
        if ((depth != 32 && depth != 8) || pixGetColormap(pix) != null) {
            throw new DecodeException(
                    DeadLetterReason.CORRUPT_IMAGE,
                    "the JPEG decodes to " + depth + "-bit pixels, expected 8-bit grey or 24-bit colour");
        }
        int wpl = pixGetWpl(pix);
        if (words.length != wpl * h) {
            words = new int[wpl * h];
        }
        if (pixels.length != w * h * 3) {
            pixels = new byte[w * h * 3];
        }
        pixGetData(pix).get(words);
        if (depth == 32) {
            unpackRgb(words, wpl, w, h, pixels);
        } else {
            expandGrey(words, wpl, w, h, pixels);
        }
        return new RgbImage(w, h, pixels);
    }

    /**
     * Leptonica's 32-bit pixel is 0xRRGGBBxx in a native-order word. Eight pixels at a time go out
     * as three big-endian longs (24 bytes): half the time of storing bytes one by one.
     */
    private static void unpackRgb(int[] words, int wpl, int w, int h, byte[] rgb) {
        for (int y = 0; y < h; y++) {
            int i = y * wpl;
            int end = i + w;
            int o = y * w * 3;
            for (; i + 8 <= end; i += 8, o += 24) {
                long p0 = words[i] >>> 8;
                long p1 = words[i + 1] >>> 8;
                long p2 = words[i + 2] >>> 8;
                long p3 = words[i + 3] >>> 8;
                long p4 = words[i + 4] >>> 8;
                long p5 = words[i + 5] >>> 8;
                long p6 = words[i + 6] >>> 8;
                long p7 = words[i + 7] >>> 8;
                LONGS.set(rgb, o, (p0 << 40) | (p1 << 16) | (p2 >>> 8));
                LONGS.set(rgb, o + 8, (p2 << 56) | (p3 << 32) | (p4 << 8) | (p5 >>> 16));
                LONGS.set(rgb, o + 16, (p5 << 48) | (p6 << 24) | p7);
            }
            for (; i < end; i++, o += 3) {
                int v = words[i];
                rgb[o] = (byte) (v >>> 24);
                rgb[o + 1] = (byte) (v >>> 16);
                rgb[o + 2] = (byte) (v >>> 8);
            }
        }
    }

    /** Grey as PIL's convert("RGB") gives it: the value in all three channels. */
    private static void expandGrey(int[] words, int wpl, int w, int h, byte[] rgb) {
        int o = 0;
        for (int y = 0; y < h; y++) {
            int row = y * wpl;
            for (int x = 0; x < w; x++) {
                // 8-bit pixels: the first pixel in the word's most significant byte
                byte v = (byte) (words[row + (x >> 2)] >>> (24 - 8 * (x & 3)));
                rgb[o] = v;
                rgb[o + 1] = v;
                rgb[o + 2] = v;
                o += 3;
            }
        }
    }
}
