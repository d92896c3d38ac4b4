package dev.tubelet.cli.bench;

import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryData;

/**
 * One camera's VideoFrame messages assembled from pieces encoded once: everything but the
 * sequence number and the capture time is fixed per image, so a message costs two varints and
 * one copy, and the benchmark's producer is never what limits it. The bytes are the Avro
 * single-object encoding {@link SingleObjectSerde} reads (a test decodes them).
 */
final class PreEncodedFrames {
    /** Marker, fingerprint and the camera id: before {@code seq}. */
    private final byte[] head;
    /** Per image: fps, width, height, encoding, the image, no boxes, no attributes: after {@code capture_time}. */
    private final List<byte[]> tails = new ArrayList<>();

    /**
     * @param cameraId the camera
     * @param jpegs the images it cycles through
     * @param width their width
     * @param height their height
     * @param fps the frame rate it states
     */
    PreEncodedFrames(String cameraId, List<byte[]> jpegs, int width, int height, float fps) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0xC3);
        h.write(0x01);
        long fingerprint = SingleObjectSerde.of(VideoFrame.class).fingerprint();
        h.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(fingerprint)
                .array());
        byte[] camera = cameraId.getBytes(StandardCharsets.UTF_8);
        writeLong(h, camera.length);
        h.writeBytes(camera);
        this.head = h.toByteArray();
        for (byte[] jpeg : jpegs) {
            ByteArrayOutputStream t = new ByteArrayOutputStream(jpeg.length + 32);
            byte[] rate = new byte[4];
            t.write(rate, 0, BinaryData.encodeFloat(fps, rate, 0));
            writeLong(t, width);
            writeLong(t, height);
            writeLong(t, FrameEncoding.JPEG.ordinal());
            writeLong(t, jpeg.length);
            t.writeBytes(jpeg);
            t.write(0); // boxes: an empty array
            t.write(0); // attributes: an empty map
            tails.add(t.toByteArray());
        }
    }

    /**
     * @param seq the frame's sequence number (also picks the image)
     * @param captureMicros its capture time, microseconds since the epoch
     * @return the message
     */
    byte[] message(long seq, long captureMicros) {
        byte[] tail = tails.get((int) (seq % tails.size()));
        byte[] varints = new byte[20];
        int n = BinaryData.encodeLong(seq, varints, 0);
        n += BinaryData.encodeLong(captureMicros, varints, n);
        byte[] out = new byte[head.length + n + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(varints, 0, out, head.length, n);
        System.arraycopy(tail, 0, out, head.length + n, tail.length);
        return out;
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        byte[] buffer = new byte[10];
        out.write(buffer, 0, BinaryData.encodeLong(value, buffer, 0));
    }
}
