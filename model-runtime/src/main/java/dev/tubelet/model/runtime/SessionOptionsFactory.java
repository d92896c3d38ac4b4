package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.util.Map;

/** Turns {@link ExecutionOptions} into ONNX Runtime session options for one provider. */
final class SessionOptionsFactory {
    private SessionOptionsFactory() {}

    /**
     * @param options the execution settings
     * @param provider the provider to append (CPU needs nothing appended)
     * @param profile the graph's dynamic input shapes, for TensorRT
     * @return session options; the caller closes them
     * @throws OrtException when the provider cannot be appended (not in this build, no GPU, no CUDA libraries)
     */
    static OrtSession.SessionOptions create(
            ExecutionOptions options, ExecutionProvider provider, TensorRtProfile profile) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (options.interOpThreads() > 0) {
                so.setInterOpNumThreads(options.interOpThreads());
            }
            switch (provider) {
                case TENSORRT:
                    try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(options.cudaDeviceId())) {
                        for (Map.Entry<String, String> e :
                                options.tensorRtProviderOptions(profile).entrySet()) {
                            trt.add(e.getKey(), e.getValue());
                        }
                        so.addTensorrt(trt);
                    }
                    // TensorRT hands the nodes it cannot take to CUDA.
                    addCuda(so, options);
                    break;
                case CUDA:
                    addCuda(so, options);
                    break;
                default:
                    break;
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    private static void addCuda(OrtSession.SessionOptions so, ExecutionOptions options) throws OrtException {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.cudaDeviceId())) {
            for (Map.Entry<String, String> e : options.cudaProviderOptions().entrySet()) {
                cuda.add(e.getKey(), e.getValue());
            }
            so.addCUDA(cuda);
        }
    }
}
