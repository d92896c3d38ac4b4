package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provider order and fallback logic, with a stand-in for opening sessions (no GPU here). */
class ProviderSelectorTest {
    private static final Set<ExecutionProvider> GPU_BUILD = EnumSet.allOf(ExecutionProvider.class);
    private static final Set<ExecutionProvider> CPU_BUILD = EnumSet.of(ExecutionProvider.CPU);

    private final List<ExecutionProvider> tried = new ArrayList<>();

    private ProviderSelector.Attempt<String> succeedOn(Set<ExecutionProvider> working) {
        return provider -> {
            tried.add(provider);
            if (!working.contains(provider)) {
                throw new OrtException("CUDA failure 100: no CUDA-capable device is detected\nmore detail");
            }
            return "session on " + provider;
        };
    }

    private static ExecutionOptions prefer(ProviderPreference preference, boolean requireGpu) {
        return ExecutionOptions.builder()
                .provider(preference)
                .requireGpu(requireGpu)
                .build();
    }

    @Test
    void cudaIsUsedWhenItWorks() throws Exception {
        var selected = ProviderSelector.select(
                prefer(ProviderPreference.CUDA, false),
                GPU_BUILD,
                succeedOn(EnumSet.of(ExecutionProvider.CUDA, ExecutionProvider.CPU)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CUDA);
        assertThat(selected.fallbackWarning()).isEmpty();
        assertThat(tried).containsExactly(ExecutionProvider.CUDA);
    }

    @Test
    void aFailingGpuFallsBackToCpuWithOneWarningThatSaysWhy() throws Exception {
        var selected = ProviderSelector.select(
                prefer(ProviderPreference.CUDA, false), GPU_BUILD, succeedOn(EnumSet.of(ExecutionProvider.CPU)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(selected.value()).isEqualTo("session on CPU");
        assertThat(selected.fallbackWarning())
                .hasValueSatisfying(w -> assertThat(w)
                        .isEqualTo("no GPU execution provider could run the model, running on CPU: "
                                + "CUDA: CUDA failure 100: no CUDA-capable device is detected"));
        assertThat(tried).containsExactly(ExecutionProvider.CUDA, ExecutionProvider.CPU);
    }

    @Test
    void autoOnTheCpuBuildGoesStraightToCpuWithoutAWarning() throws Exception {
        var selected = ProviderSelector.select(
                ExecutionOptions.auto(), CPU_BUILD, succeedOn(EnumSet.allOf(ExecutionProvider.class)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(selected.fallbackWarning()).isEmpty();
        assertThat(tried).containsExactly(ExecutionProvider.CPU);
    }

    @Test
    void autoOnTheGpuBuildWithoutAGpuWarns() throws Exception {
        var selected = ProviderSelector.select(
                ExecutionOptions.auto(), GPU_BUILD, succeedOn(EnumSet.of(ExecutionProvider.CPU)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(selected.fallbackWarning()).isPresent();
    }

    @Test
    void askingForCudaOnTheCpuBuildWarnsThatTheBuildLacksIt() throws Exception {
        var selected = ProviderSelector.select(
                prefer(ProviderPreference.CUDA, false), CPU_BUILD, succeedOn(EnumSet.allOf(ExecutionProvider.class)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CPU);
        assertThat(selected.fallbackWarning().orElseThrow())
                .contains("CUDA: not in this ONNX Runtime build")
                .contains("-Pgpu");
    }

    @Test
    void tensorRtFallsBackToCudaBeforeCpu() throws Exception {
        var selected = ProviderSelector.select(
                prefer(ProviderPreference.TENSORRT, false),
                GPU_BUILD,
                succeedOn(EnumSet.of(ExecutionProvider.CUDA, ExecutionProvider.CPU)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.CUDA);
        assertThat(tried).containsExactly(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA);
        // a GPU, but not the one asked for: said, not left to be found in the events
        assertThat(selected.fallbackWarning().orElseThrow())
                .startsWith("asked for TENSORRT, running on CUDA: TENSORRT: ");
    }

    @Test
    void theProviderAskedForRunsWithoutAWarning() throws Exception {
        var selected = ProviderSelector.select(
                prefer(ProviderPreference.TENSORRT, true),
                GPU_BUILD,
                succeedOn(EnumSet.allOf(ExecutionProvider.class)));
        assertThat(selected.provider()).isEqualTo(ExecutionProvider.TENSORRT);
        assertThat(selected.fallbackWarning()).isEmpty();
    }

    @Test
    void aRequiredGpuThatFailsStopsWithTheReasonsAndNeverTriesCpu() {
        assertThatThrownBy(() -> ProviderSelector.select(
                        prefer(ProviderPreference.CUDA, true), GPU_BUILD, succeedOn(EnumSet.of(ExecutionProvider.CPU))))
                .isInstanceOf(GpuUnavailableException.class)
                .hasMessage("a GPU is required but no GPU execution provider could run the model: "
                        + "CUDA: CUDA failure 100: no CUDA-capable device is detected");
        assertThat(tried).containsExactly(ExecutionProvider.CUDA);
    }

    @Test
    void aCpuFailureIsTheModelsFaultAndIsThrownAsItIs() {
        assertThatThrownBy(() -> ProviderSelector.select(ExecutionOptions.cpu(), CPU_BUILD, provider -> {
                    throw new OrtException("Protobuf parsing failed");
                }))
                .isInstanceOf(OrtException.class)
                .hasMessageContaining("Protobuf parsing failed");
    }

    @Test
    void aGpuCannotBeRequiredWithTheCpuPreference() {
        assertThatThrownBy(() -> prefer(ProviderPreference.CPU, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be required");
    }
}
