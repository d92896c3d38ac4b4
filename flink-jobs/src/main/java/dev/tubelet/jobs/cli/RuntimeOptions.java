package dev.tubelet.jobs.cli;

import dev.tubelet.model.runtime.CudnnConvAlgoSearch;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ProviderPreference;
import picocli.CommandLine.Option;

/** Where the model runs: the execution options shared by every command that runs one. */
final class RuntimeOptions {
    @Option(names = "--provider", paramLabel = "auto|cpu|cuda|tensorrt", defaultValue = "auto",
            converter = ProviderConverter.class,
            description = "Execution provider: auto = CUDA when this build has it and a GPU answers, else CPU (default: ${DEFAULT-VALUE}).")
    ProviderPreference provider;

    @Option(names = "--require-gpu", description = "Fail instead of falling back to CPU when no GPU provider works.")
    boolean requireGpu;

    @Option(names = "--device", paramLabel = "N", defaultValue = "0", description = "CUDA device id (default: ${DEFAULT-VALUE}).")
    int device;

    @Option(names = "--gpu-mem-limit", paramLabel = "BYTES", defaultValue = "0", description = "CUDA memory arena limit in bytes, 0 = none.")
    long gpuMemLimit;

    @Option(names = "--cudnn-search", paramLabel = "EXHAUSTIVE|HEURISTIC|DEFAULT", defaultValue = "EXHAUSTIVE",
            description = "cuDNN convolution algorithm search (default: ${DEFAULT-VALUE}).")
    CudnnConvAlgoSearch cudnnSearch;

    @Option(names = "--trt-fp16", description = "With --provider tensorrt: let TensorRT run in float16.")
    boolean trtFp16;

    @Option(names = "--trt-cache", paramLabel = "DIR", description = "With --provider tensorrt: cache built engines here (saves minutes per start).")
    String trtCache;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU intra-op threads, 0 = one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    ExecutionOptions toExecutionOptions() {
        return ExecutionOptions.builder().provider(provider).requireGpu(requireGpu).cudaDeviceId(device)
                .gpuMemoryLimitBytes(gpuMemLimit).cudnnConvAlgoSearch(cudnnSearch).tensorRtFp16(trtFp16)
                .tensorRtEngineCacheDir(trtCache).intraOpThreads(threads).build();
    }

    static final class ProviderConverter implements picocli.CommandLine.ITypeConverter<ProviderPreference> {
        @Override
        public ProviderPreference convert(String value) {
            try {
                return ProviderPreference.parse(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("expected auto, cpu, cuda or tensorrt, found '" + value + "'");
            }
        }
    }
}
