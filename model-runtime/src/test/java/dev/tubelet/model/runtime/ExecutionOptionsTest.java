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
        TensorRtProfile profile = TensorRtProfile.NONE
                .with("pixels_uint8", new long[] {1, 16, 3, 224, 224}, new long[] {8, 16, 3, 224, 224})
                .with("rois", new long[] {1, 5}, new long[] {2048, 5});
        assertThat(options.tensorRtProviderOptions(profile))
                .containsEntry("trt_fp16_enable", "1")
                .containsEntry("trt_engine_cache_enable", "1")
                .containsEntry("trt_engine_cache_path", "/cache")
                .containsEntry("trt_timing_cache_enable", "1")
                .containsEntry("trt_timing_cache_path", "/cache")
                .containsEntry("trt_profile_min_shapes", "pixels_uint8:1x16x3x224x224,rois:1x5")
                .containsEntry("trt_profile_opt_shapes", "pixels_uint8:8x16x3x224x224,rois:2048x5")
                .containsEntry("trt_profile_max_shapes", "pixels_uint8:8x16x3x224x224,rois:2048x5");
    }

    @Test
    void withoutDynamicInputsOrACacheTensorRtGetsNoProfileAndNoCache() {
        ExecutionOptions options =
                ExecutionOptions.builder().provider(ProviderPreference.TENSORRT).build();
        assertThat(options.tensorRtProviderOptions(TensorRtProfile.NONE))
                .containsEntry("trt_fp16_enable", "0")
                .doesNotContainKeys("trt_profile_min_shapes", "trt_engine_cache_enable", "trt_timing_cache_enable");
    }

    @Test
    void aClassifiersProfileSpansOneToTheBatchCapacityInItsLayout() {
        ModelSignature dynamic = new ModelSignature(
                "pixel_values", "logits", dev.tubelet.model.InputLayout.BCTHW, false, 0, 16, 224, 224, 400);
        TensorRtProfile p = ModelSession.profile(dynamic, "pixels_uint8", 16, ModelSession.Graph.CLASSIFIER);
        assertThat(p.minShapes()).isEqualTo("pixels_uint8:1x3x16x224x224");
        assertThat(p.maxShapes()).isEqualTo("pixels_uint8:16x3x16x224x224");
        assertThat(p.optShapes()).isEqualTo(p.maxShapes());
        TensorRtProfile detector = ModelSession.profile(dynamic, "pixels_uint8", 4, ModelSession.Graph.DETECTOR);
        assertThat(detector.maxShapes())
                .isEqualTo("pixels_uint8:4x3x16x224x224,rois:" + 4 * ModelSession.MAX_ROIS_PER_CLIP + "x5");
        ModelSignature fixed = new ModelSignature(
                "pixel_values", "logits", dev.tubelet.model.InputLayout.BTCHW, false, 8, 16, 224, 224, 400);
        assertThat(ModelSession.profile(fixed, "pixels_uint8", 8, ModelSession.Graph.CLASSIFIER)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void validationRunsNowhereAndRequiresNoGpu() {
        ExecutionOptions gpu = ExecutionOptions.builder()
                .provider(ProviderPreference.TENSORRT)
                .requireGpu(true)
                .cudaDeviceId(1)
                .build();
        ExecutionOptions validation = gpu.forValidation();
        assertThat(validation.provider()).isEqualTo(ProviderPreference.CPU);
        assertThat(validation.requireGpu()).isFalse();
        assertThat(validation.cudaDeviceId()).isEqualTo(1);
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
