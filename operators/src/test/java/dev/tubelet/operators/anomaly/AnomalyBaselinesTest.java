package dev.tubelet.operators.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.operators.inference.AnomalySpec;
import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.operators.inference.InferenceSpec;
import dev.tubelet.testkit.KeyedHarnesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class AnomalyBaselinesTest {
    private static final AnomalySpec SPEC =
            new AnomalySpec(new InferenceSpec("mae", ExecutionOptions.cpu(), 1, Duration.ofMillis(10), 1), 20, 5);

    private static AnomalyWindow window(String camera, int i, double score) {
        AnomalyWindow w = new AnomalyWindow();
        w.cameraId = camera;
        w.seqs = new long[] {i * 8L, i * 8L + 4};
        w.captureMicros = new long[] {1_700_000_000_000_000L + i * 500_000L, 1_700_000_000_250_000L + i * 500_000L};
        w.score = score;
        w.heat = new float[] {(float) score};
        w.rows = 1;
        w.columns = 1;
        w.modelSha256 = "abc";
        return w;
    }

    private static List<AnomalyWindow> run(List<AnomalyWindow> in, int restoreAt) throws Exception {
        List<AnomalyWindow> out = new ArrayList<>();
        var harness = KeyedHarnesses.open(new AnomalyBaselines(SPEC), w -> w.cameraId, Types.STRING);
        for (int i = 0; i < in.size(); i++) {
            if (i == restoreAt) {
                OperatorSubtaskState snapshot = harness.snapshot(1, 1);
                out.addAll(outputs(harness));
                harness.close();
                harness = KeyedHarnesses.restore(new AnomalyBaselines(SPEC), w -> w.cameraId, Types.STRING, snapshot);
            }
            harness.processElement(new StreamRecord<>(in.get(i)));
        }
        out.addAll(outputs(harness));
        harness.close();
        return out;
    }

    private static List<AnomalyWindow> outputs(
            org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness<String, AnomalyWindow, AnomalyWindow>
                    harness) {
        List<AnomalyWindow> out = new ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private static List<AnomalyWindow> traffic() {
        SplittableRandom random = new SplittableRandom(5);
        List<AnomalyWindow> in = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double noise = 0.02 * random.nextGaussian();
            in.add(window("door", i, i == 24 ? 4.0 : 1.0 + noise));
            in.add(window("yard", i, 0.2 + noise / 10));
        }
        return in;
    }

    @Test
    void eachCameraHasItsOwnBaselineAndItSurvivesARestore() throws Exception {
        List<AnomalyWindow> straight = run(traffic(), -1);
        List<AnomalyWindow> restored = run(traffic(), 31);
        assertThat(restored).hasSameSizeAs(straight);
        for (int i = 0; i < straight.size(); i++) {
            assertThat(restored.get(i).z).as("window " + i).isEqualTo(straight.get(i).z);
            assertThat(restored.get(i).baselineMean).isEqualTo(straight.get(i).baselineMean);
            assertThat(restored.get(i).warmingUp).isEqualTo(straight.get(i).warmingUp);
        }
        List<AnomalyWindow> door =
                straight.stream().filter(w -> w.cameraId.equals("door")).toList();
        assertThat(door.subList(0, 5)).allMatch(w -> w.warmingUp);
        assertThat(door.subList(5, 30)).noneMatch(w -> w.warmingUp);
        for (int i = 5; i < 30; i++) {
            assertThat(door.get(i).z > 4).as("door window " + i).isEqualTo(i == 24);
        }
        // the yard's scores are a fifth of the door's: its own baseline, none of the door's burst
        List<AnomalyWindow> yard =
                straight.stream().filter(w -> w.cameraId.equals("yard")).toList();
        assertThat(yard.subList(5, 30)).allMatch(w -> Math.abs(w.z) < 4 && w.baselineMean < 0.3);
        assertThat(door.get(29).producedMicros).isPositive();
    }
}
