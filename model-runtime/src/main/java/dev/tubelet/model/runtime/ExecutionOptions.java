package dev.tubelet.model.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how a model runs: provider preference, GPU settings and CPU threads.
 *
 * <pre>{@code
 * ExecutionOptions gpu = ExecutionOptions.builder()
 *         .provider(ProviderPreference.CUDA).cudaDeviceId(1).gpuMemoryLimitBytes(8L << 30)
 *         .requireGpu(true).build();
 * }</pre>
 *
 * @param provider which providers to try, in order
 * @param requireGpu fail instead of falling back to CPU
 * @param cudaDeviceId GPU ordinal for CUDA and TensorRT
 * @param gpuMemoryLimitBytes CUDA arena limit, 0 for no limit
 * @param cudnnConvAlgoSearch cuDNN convolution algorithm search
 * @param tensorRtFp16 let TensorRT run in float16
 * @param tensorRtEngineCacheDir where TensorRT caches built engines, or null for no cache
 * @param intraOpThreads threads inside one operator on CPU, 0 for ONNX Runtime's default (all cores);
 *     set it to the cores per task slot when several slots share a machine
 * @param interOpThreads threads across operators on CPU, 0 for the default
 */
public record ExecutionOptions(
        ProviderPreference provider,
        boolean requireGpu,
        int cudaDeviceId,
        long gpuMemoryLimitBytes,
        CudnnConvAlgoSearch cudnnConvAlgoSearch,
        boolean tensorRtFp16,
        String tensorRtEngineCacheDir,
        int intraOpThreads,
        int interOpThreads)
        implements java.io.Serializable {

    /**
     * @throws IllegalArgumentException when a number is negative or a GPU is required with the CPU preference
     */
    public ExecutionOptions {
        if (cudaDeviceId < 0 || gpuMemoryLimitBytes < 0 || intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException(
                    "device id, memory limit and thread counts must not be negative, found device " + cudaDeviceId
                            + ", limit " + gpuMemoryLimitBytes + ", threads " + intraOpThreads + "/" + interOpThreads);
        }
        if (requireGpu && provider == ProviderPreference.CPU) {
            throw new IllegalArgumentException(
                    "a GPU cannot be required with the cpu provider; choose auto, cuda or tensorrt");
        }
    }

    /** @return a builder with the defaults: auto provider, device 0, no limits, exhaustive search */
    public static Builder builder() {
        return new Builder();
    }

    /** @return CPU only, default threads: what tests use */
    public static ExecutionOptions cpu() {
        return builder().provider(ProviderPreference.CPU).build();
    }

    /** @return GPU when there is one, CPU otherwise */
    public static ExecutionOptions auto() {
        return builder().build();
    }

    /**
     * @return the CUDA provider's options as ONNX Runtime names them
     */
    public Map<String, String> cudaProviderOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(cudaDeviceId));
        if (gpuMemoryLimitBytes > 0) {
            options.put("gpu_mem_limit", Long.toString(gpuMemoryLimitBytes));
        }
        options.put("cudnn_conv_algo_search", cudnnConvAlgoSearch.name());
        // Inputs are copied on the default stream, so a run never reads a half-copied tensor.
        options.put("do_copy_in_default_stream", "1");
        return options;
    }

    /**
     * @param profile the graph's shape profile (built from its inputs and the batch size)
     * @return the TensorRT provider's options as ONNX Runtime names them
     */
    public Map<String, String> tensorRtProviderOptions(TensorRtProfile profile) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(cudaDeviceId));
        options.put("trt_fp16_enable", tensorRtFp16 ? "1" : "0");
        if (gpuMemoryLimitBytes > 0) {
            options.put("trt_max_workspace_size", Long.toString(gpuMemoryLimitBytes));
        }
        if (!profile.isEmpty()) {
            // one engine for every batch size from 1 to the largest, built once
            options.put("trt_profile_min_shapes", profile.minShapes());
            options.put("trt_profile_opt_shapes", profile.optShapes());
            options.put("trt_profile_max_shapes", profile.maxShapes());
        }
        if (tensorRtEngineCacheDir != null) {
            // engines (per model, shapes, precision and GPU) and the kernel timings that make later
            // builds of other shapes fast survive restarts
            options.put("trt_engine_cache_enable", "1");
            options.put("trt_engine_cache_path", tensorRtEngineCacheDir);
            options.put("trt_timing_cache_enable", "1");
            options.put("trt_timing_cache_path", tensorRtEngineCacheDir);
        }
        return options;
    }

    /**
     * @return these options for a process that only validates models and never runs them (a
     *     JobManager): CPU, no GPU requirement
     */
    public ExecutionOptions forValidation() {
        return new ExecutionOptions(
                ProviderPreference.CPU,
                false,
                cudaDeviceId,
                gpuMemoryLimitBytes,
                cudnnConvAlgoSearch,
                tensorRtFp16,
                tensorRtEngineCacheDir,
                intraOpThreads,
                interOpThreads);
    }

    /** Builds {@link ExecutionOptions}. */
    public static final class Builder {
        private ProviderPreference provider = ProviderPreference.AUTO;
        private boolean requireGpu;
        private int cudaDeviceId;
        private long gpuMemoryLimitBytes;
        private CudnnConvAlgoSearch cudnnConvAlgoSearch = CudnnConvAlgoSearch.EXHAUSTIVE;
        private boolean tensorRtFp16;
        private String tensorRtEngineCacheDir;
        private int intraOpThreads;
        private int interOpThreads;

        private Builder() {}

        public Builder provider(ProviderPreference value) {
            this.provider = value;
            return this;
        }

        public Builder requireGpu(boolean value) {
            this.requireGpu = value;
            return this;
        }

        public Builder cudaDeviceId(int value) {
            this.cudaDeviceId = value;
            return this;
        }

        public Builder gpuMemoryLimitBytes(long value) {
            this.gpuMemoryLimitBytes = value;
            return this;
        }

        public Builder cudnnConvAlgoSearch(CudnnConvAlgoSearch value) {
            this.cudnnConvAlgoSearch = value;
            return this;
        }

        public Builder tensorRtFp16(boolean value) {
            this.tensorRtFp16 = value;
            return this;
        }

        public Builder tensorRtEngineCacheDir(String value) {
            this.tensorRtEngineCacheDir = value;
            return this;
        }

        public Builder intraOpThreads(int value) {
            this.intraOpThreads = value;
            return this;
        }

        public Builder interOpThreads(int value) {
            this.interOpThreads = value;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when they contradict each other
         */
        public ExecutionOptions build() {
            return new ExecutionOptions(
                    provider,
                    requireGpu,
                    cudaDeviceId,
                    gpuMemoryLimitBytes,
                    cudnnConvAlgoSearch,
                    tensorRtFp16,
                    tensorRtEngineCacheDir,
                    intraOpThreads,
                    interOpThreads);
        }
    }
}
