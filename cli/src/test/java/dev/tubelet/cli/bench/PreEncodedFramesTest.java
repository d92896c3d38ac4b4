package dev.tubelet.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreEncodedFramesTest {
    @Test
    void messagesAreVideoFramesAsAvroReadsThem() throws Exception {
        TrustedPackages.register();
        List<byte[]> jpegs = SyntheticCameras.images(2);
        assertThat(jpegs)
                .allSatisfy(j -> assertThat(j.length).as("a camera-like JPEG").isBetween(8_000, 20_000));
        PreEncodedFrames frames = new PreEncodedFrames("cam-7", jpegs, 320, 240, 15f);
        SingleObjectSerde<VideoFrame> serde = SingleObjectSerde.of(VideoFrame.class);
        for (long seq : new long[] {0, 1, 63, 64, 8191, 1L << 40}) {
            long capture = 1_700_000_000_123_456L + seq;
            VideoFrame f = serde.decode(frames.message(seq, capture));
            assertThat(f.getCameraId()).isEqualTo("cam-7");
            assertThat(f.getSeq()).isEqualTo(seq);
            assertThat(f.getCaptureTime())
                    .isEqualTo(Instant.ofEpochSecond(capture / 1_000_000, capture % 1_000_000 * 1000));
            assertThat(f.getFps()).isEqualTo(15f);
            assertThat(f.getWidth()).isEqualTo(320);
            assertThat(f.getHeight()).isEqualTo(240);
            assertThat(f.getEncoding()).isEqualTo(FrameEncoding.JPEG);
            assertThat(f.getData()).isEqualTo(ByteBuffer.wrap(jpegs.get((int) (seq % 2))));
            assertThat(f.getBoxes()).isEmpty();
            assertThat(f.getAttributes()).isEmpty();
        }
    }
}
