package dev.tubelet.model.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ResampleFilter;
import dev.tubelet.model.testutils.Images;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames preprocessed here against what PIL and numpy make of them in Hugging Face's
 * VideoMAEImageProcessor (fixtures from src/test/python/make_preprocess_goldens.py, Pillow 9.4).
 */
class PilGoldenPreprocessingTest {
    private static final String DIR = "/goldens/preprocess/";

    static List<JsonNode> cases() throws Exception {
        try (InputStream in = PilGoldenPreprocessingTest.class.getResourceAsStream(DIR + "manifest.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases;
        }
    }

    private static PreprocessorConfig config(JsonNode c) {
        int shortest = c.get("shortest_edge").asInt();
        int crop = c.get("crop").asInt();
        return new PreprocessorConfig(
                shortest > 0,
                shortest,
                0,
                0,
                ResampleFilter.fromPilCode(c.get("resample").asInt()),
                true,
                crop,
                crop,
                true,
                1.0 / 255.0,
                true,
                PreprocessorConfig.IMAGENET_MEAN,
                PreprocessorConfig.IMAGENET_STD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resizeAndCropGivePilsPixels(JsonNode c) throws Exception {
        RgbImage source = Images.resource(DIR + c.get("source").asText());
        RgbImage expected = Images.resource(DIR + c.get("expected").asText());
        PreprocessorConfig config = config(c);

        int[] resized = FramePreprocessor.resizedSize(config, source.width(), source.height());
        if (config.doResize()) {
            assertThat(resized)
                    .containsExactly(
                            c.get("resized_size").get(0).asInt(),
                            c.get("resized_size").get(1).asInt());
        }
        FramePlanes planes = new FramePreprocessor(config).preprocess(source);

        assertThat(planes.width()).isEqualTo(expected.width());
        assertThat(planes.height()).isEqualTo(expected.height());
        int mismatches = 0;
        for (int y = 0; y < planes.height(); y++) {
            for (int x = 0; x < planes.width(); x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int want = expected.pixels()[(y * expected.width() + x) * 3 + ch] & 0xff;
                    if (planes.value(ch, x, y) != want) {
                        mismatches++;
                    }
                }
            }
        }
        assertThat(mismatches).as("values that differ from PIL's").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizedValuesAreBitIdenticalToNumpys(JsonNode c) throws Exception {
        PreprocessorConfig config = config(c);
        FramePlanes planes = new FramePreprocessor(config)
                .preprocess(Images.resource(DIR + c.get("source").asText()));
        PixelNormalizer normalizer = new PixelNormalizer(config);
        ByteBuffer bytes = ByteBuffer.allocate(3 * planes.planeSize() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int ch = 0; ch < 3; ch++) {
            normalizer.writePlane(planes, ch, bytes.asFloatBuffer(), ch * planes.planeSize());
        }
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        assertThat(sha).isEqualTo(c.get("normalized_float32_sha256").asText());
    }
}
