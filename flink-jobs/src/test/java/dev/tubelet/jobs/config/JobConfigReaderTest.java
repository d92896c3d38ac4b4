package dev.tubelet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.model.runtime.CudnnConvAlgoSearch;
import dev.tubelet.model.runtime.ProviderPreference;
import dev.tubelet.operators.boxes.BoxOrigin;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.window.WindowSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option values into the job's configuration: defaults from one place, and one line for what is wrong. */
class JobConfigReaderTest {
    private static Map<String, String> minimal() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bootstrap", "kafka:9092");
        values.put("model", "/models/k400");
        return values;
    }

    @Test
    void unsetOptionsTakeTheirDefaultsWhichAreTheBuildingBlocksOwn() {
        JobConfig cfg = JobConfigReader.read(minimal());
        assertThat(cfg.window()).isEqualTo(WindowSpec.defaults());
        assertThat(cfg.limits()).isEqualTo(FrameLimits.defaults());
        assertThat(cfg.topics()).isEqualTo(JobConfig.Topics.defaults());
        assertThat(cfg.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(cfg.checkpointInterval())
                .isEqualTo(Duration.ofMillis(JobOptions.CHECKPOINT_INTERVAL_MS.defaultValue()));
        assertThat(cfg.inference().maxBatch()).isEqualTo(JobOptions.MAX_BATCH.defaultValue());
        assertThat(cfg.inference().execution().provider()).isEqualTo(ProviderPreference.AUTO);
        assertThat(cfg.transactionalIdPrefix()).isEqualTo("tubelet-tubelet");
        assertThat(cfg.detects()).isFalse();
        assertThat(JobConfig.builder()
                        .bootstrap("kafka:9092")
                        .inference(cfg.inference())
                        .build()
                        .toString())
                .isEqualTo(cfg.toString());
    }

    @Test
    void everyValueReachesItsPlace() {
        Map<String, String> values = minimal();
        values.putAll(Map.of(
                "stride",
                "2",
                "hop",
                "3",
                "uniform-span-ms",
                "1500",
                "delivery",
                "at-least-once",
                "max-wait-ms",
                "5",
                "provider",
                "cpu",
                "cudnn-search",
                "heuristic",
                "exact-decode",
                "true",
                "group-id",
                "g",
                "frames-topic",
                "f"));
        values.putAll(Map.of(
                "detect-model",
                "/models/ava",
                "boxes",
                "upstream",
                "camera-boxes",
                "a=motion,b=detector:/m/yolo.onnx",
                "motion-threshold",
                "12",
                "detector-score",
                "0.5",
                "actions-per-box",
                "2"));
        JobConfig cfg = JobConfigReader.read(values);
        assertThat(cfg.window().stride()).isEqualTo(2);
        assertThat(cfg.window().hop()).isEqualTo(3);
        assertThat(cfg.window().uniformSpan()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cfg.delivery()).isEqualTo(Delivery.AT_LEAST_ONCE);
        assertThat(cfg.inference().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(cfg.inference().execution().provider()).isEqualTo(ProviderPreference.CPU);
        assertThat(cfg.inference().execution().cudnnConvAlgoSearch()).isEqualTo(CudnnConvAlgoSearch.HEURISTIC);
        assertThat(cfg.exactDecode()).isTrue();
        assertThat(cfg.groupId()).isEqualTo("g");
        assertThat(cfg.topics().frames()).isEqualTo("f");
        assertThat(cfg.detection().inference().modelPath()).isEqualTo("/models/ava");
        assertThat(cfg.detection().inference().topK()).isEqualTo(2);
        assertThat(cfg.boxes().defaults().origin()).isEqualTo(BoxOrigin.UPSTREAM);
        assertThat(cfg.boxes().forCamera("a").origin()).isEqualTo(BoxOrigin.MOTION);
        assertThat(cfg.boxes().forCamera("b").detectorModel()).isEqualTo("/m/yolo.onnx");
        assertThat(cfg.boxes().motion())
                .isEqualTo(MotionProposer.Settings.defaults().withThreshold(12));
        assertThat(cfg.boxes().detector().scoreThreshold()).isEqualTo(0.5f);
    }

    @Test
    void aBadKeyOrValueIsNamedWithWhatWasExpected() {
        String[][] cases = {
            {"strid", "4", "unknown option 'strid'; expected one of ["},
            {"hop", "zero", "hop: expected a whole number, found 'zero'"},
            {"target-fps", "fast", "target-fps: expected a number, found 'fast'"},
            {"exact-decode", "maybe", "exact-decode: expected true or false, found 'maybe'"},
            {"delivery", "twice", "delivery: expected exactly-once or at-least-once, found 'twice'"},
            {"starting-offsets", "middle", "starting-offsets: expected earliest, latest or committed, found 'middle'"},
            {"provider", "metal", "provider: expected auto, cpu, cuda or tensorrt, found 'metal'"},
            {
                "camera-boxes",
                "gate=motion",
                "camera-boxes: box sources need detection on; expected --detect-model DIR as well, found none"
            },
            {"checkpoint-interval-ms", "10", "checkpoint-interval-ms: expected at least 100, found 10"},
        };
        for (String[] c : cases) {
            Map<String, String> values = minimal();
            values.put(c[0], c[1]);
            assertThatThrownBy(() -> JobConfigReader.read(values))
                    .as(c[0])
                    .isInstanceOf(RuntimeException.class)
                    .hasMessageStartingWith(c[2]);
        }
        Map<String, String> noModel = minimal();
        noModel.remove("model");
        assertThatThrownBy(() -> JobConfigReader.read(noModel))
                .hasMessage("model: expected a model directory or .onnx file, found none");
    }
}
