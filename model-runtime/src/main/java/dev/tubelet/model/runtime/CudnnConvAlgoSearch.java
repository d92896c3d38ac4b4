package dev.tubelet.model.runtime;

import java.util.Locale;

/** How the CUDA provider picks cuDNN convolution algorithms (ONNX Runtime's {@code cudnn_conv_algo_search}). */
public enum CudnnConvAlgoSearch {
    /** Benchmark every algorithm once per shape: slowest start, fastest steady state. */
    EXHAUSTIVE,
    /** cuDNN's heuristics: quick start. */
    HEURISTIC,
    /** A fixed default algorithm. */
    DEFAULT;

    /**
     * @param text exhaustive, heuristic or default (case-insensitive)
     * @return the search
     * @throws IllegalArgumentException for anything else
     */
    public static CudnnConvAlgoSearch parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cudnn-search: expected EXHAUSTIVE, HEURISTIC or DEFAULT, found '" + text + "'");
        }
    }
}
