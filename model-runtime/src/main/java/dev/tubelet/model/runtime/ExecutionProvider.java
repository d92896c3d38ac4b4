package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtProvider;

/** The ONNX Runtime execution providers Tubelet can run a model on. */
public enum ExecutionProvider {
    TENSORRT(OrtProvider.TENSOR_RT, true),
    CUDA(OrtProvider.CUDA, true),
    CPU(OrtProvider.CPU, false);

    private final OrtProvider ortProvider;
    private final boolean gpu;

    ExecutionProvider(OrtProvider ortProvider, boolean gpu) {
        this.ortProvider = ortProvider;
        this.gpu = gpu;
    }

    /** @return ONNX Runtime's name for it */
    public OrtProvider ortProvider() {
        return ortProvider;
    }

    /** @return whether it runs on a GPU */
    public boolean isGpu() {
        return gpu;
    }
}
