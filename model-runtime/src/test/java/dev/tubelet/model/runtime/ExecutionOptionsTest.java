package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionOptionsTest {
    @Test
    void cudaOptionsUseOnnxRuntimesNames() {
        ExecutionOptions options = ExecutionOptions.builder()
                .provider(ProviderPreference.CUDA)
                .cudaDeviceId(1)
                .gpuMemoryLimitBytes(8L << 30)
                .cudnnConvAlgoSearch(CudnnConvAlgoSearch.HEURISTIC)
                .build();
        assertThat(options.cudaProviderOptions())
                .containsExactly(
                        java.util.Map.entry("device_id", "1"),
                        java.util.Map.entry("gpu_mem_limit", "8589934592"),
                        java.util.Map.entry("cudnn_conv_algo_search", "HEURISTIC"),
                        java.util.Map.entry("do_copy_in_default_stream", "1"));
        assertThat(ExecutionOptions.auto().cudaProviderOptions())
                .doesNotContainKey("gpu_mem_limit")
                .containsEntry("cudnn_conv_algo_search", "EXHAUSTIVE")
                .containsEntry("device_id", "0");
    }

    @Test
    void tensorRtOptionsUseOnnxRuntimesNames() {
        ExecutionOptions options = ExecutionOptions.builder()
                .provider(ProviderPreference.TENSORRT)
                .tensorRtFp16(true)
                .tensorRtEngineCacheDir("/cache")
                .build();
        assertThat(options.tensorRtProviderOptions())
                .containsEntry("trt_fp16_enable", "1")
                .containsEntry("trt_engine_cache_enable", "1")
                .containsEntry("trt_engine_cache_path", "/cache");
    }

    @Test
    void providerOrdersEndInCpu() {
        assertThat(ProviderPreference.TENSORRT.order())
                .containsExactly(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU);
        assertThat(ProviderPreference.AUTO.order()).containsExactly(ExecutionProvider.CUDA, ExecutionProvider.CPU);
        assertThat(ProviderPreference.CPU.order()).containsExactly(ExecutionProvider.CPU);
        assertThatThrownBy(() -> ProviderPreference.parse("metal"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("provider: expected auto, cpu, cuda or tensorrt, found 'metal'");
    }

    @Test
    void negativeNumbersAreRefused() {
        assertThatThrownBy(() -> ExecutionOptions.builder().intraOpThreads(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onThisCpuBuildCudaFallsBackToCpuAndARequiredGpuFails(@TempDir Path dir) throws Exception {
        Path model = dev.tubelet.model.testmodels.TestModels.tinyModel(dir.resolve("m"), InputLayout.BTCHW);
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model)
                .execution(ExecutionOptions.builder()
                        .provider(ProviderPreference.CUDA)
                        .build())
                .build())) {
            assertThat(classifier.info().provider()).isEqualTo(ExecutionProvider.CPU);
            assertThat(classifier.infer(List.of(dev.tubelet.model.testutils.Clips.random(4, 32, 1))))
                    .hasSize(1);
        }
        assertThatThrownBy(() -> ClipClassifier.open(ClassifierOptions.builder(model)
                        .execution(ExecutionOptions.builder()
                                .provider(ProviderPreference.CUDA)
                                .requireGpu(true)
                                .build())
                        .build()))
                .isInstanceOf(GpuUnavailableException.class)
                .hasMessageStartingWith("a GPU is required but no GPU execution provider could run the model: CUDA:");
    }
}
