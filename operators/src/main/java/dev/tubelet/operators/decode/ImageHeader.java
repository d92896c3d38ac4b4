package dev.tubelet.operators.decode;

import dev.tubelet.schema.DeadLetterReason;

/**
 * Width and height read from a JPEG or PNG header without decoding anything, so that a frame
 * whose header claims 60000×60000 pixels is refused before a decoder allocates for it.
 *
 * @param width pixels
 * @param height pixels
 */
public record ImageHeader(int width, int height) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * @param data a PNG file
     * @return its IHDR size
     * @throws DecodeException CORRUPT_IMAGE when it is not a PNG
     */
    public static ImageHeader png(byte[] data) throws DecodeException {
        if (data.length < 24) {
            throw new DecodeException(
                    DeadLetterReason.CORRUPT_IMAGE, "a PNG needs at least 24 bytes of header, found " + data.length);
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (data[i] != PNG_SIGNATURE[i]) {
                throw new DecodeException(
                        DeadLetterReason.CORRUPT_IMAGE, "expected a PNG signature, found other bytes");
            }
        }
        if (data[12] != 'I' || data[13] != 'H' || data[14] != 'D' || data[15] != 'R') {
            throw new DecodeException(
                    DeadLetterReason.CORRUPT_IMAGE, "expected the PNG IHDR chunk first, found another");
        }
        return new ImageHeader(int32(data, 16), int32(data, 20));
    }

    /**
     * @param data a JPEG file
     * @return the size in its start-of-frame segment
     * @throws DecodeException CORRUPT_IMAGE when there is no readable start of frame
     */
    public static ImageHeader jpeg(byte[] data) throws DecodeException {
        if (data.length < 4 || (data[0] & 0xff) != 0xFF || (data[1] & 0xff) != 0xD8) {
            throw new DecodeException(DeadLetterReason.CORRUPT_IMAGE, "expected a JPEG (FF D8), found other bytes");
        }
        int i = 2;
        while (i + 4 <= data.length) {
            if ((data[i] & 0xff) != 0xFF) {
                throw new DecodeException(DeadLetterReason.CORRUPT_IMAGE, "JPEG segment marker expected at byte " + i);
            }
            int marker = data[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
            boolean startOfFrame =
                    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 9 > data.length) {
                    break;
                }
                int height = ((data[i + 5] & 0xff) << 8) | (data[i + 6] & 0xff);
                int width = ((data[i + 7] & 0xff) << 8) | (data[i + 8] & 0xff);
                return new ImageHeader(width, height);
            }
            if (marker == 0xD9 || marker == 0xDA || length < 2) {
                break; // end of image or scan data before any frame header
            }
            i += 2 + length;
        }
        throw new DecodeException(
                DeadLetterReason.CORRUPT_IMAGE, "no JPEG start-of-frame header found in " + data.length + " bytes");
    }

    private static int int32(byte[] data, int at) {
        return ((data[at] & 0xff) << 24)
                | ((data[at + 1] & 0xff) << 16)
                | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    /** @return width × height */
    public long pixels() {
        return (long) width * height;
    }
}
