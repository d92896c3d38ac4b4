package dev.tubelet.model.runtime;

/** How the CUDA provider picks cuDNN convolution algorithms (ONNX Runtime's {@code cudnn_conv_algo_search}). */
public enum CudnnConvAlgoSearch {
    /** Benchmark every algorithm once per shape: slowest start, fastest steady state. */
    EXHAUSTIVE,
    /** cuDNN's heuristics: quick start. */
    HEURISTIC,
    /** A fixed default algorithm. */
    DEFAULT
}
