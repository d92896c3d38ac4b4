package dev.tubelet.model.runtime;

import dev.tubelet.model.InvalidModelException;
import java.util.List;
import java.util.Locale;

/**
 * Which execution providers to try, in order. Every order ends in CPU unless a GPU is required.
 */
public enum ProviderPreference {
    /** CUDA when this ONNX Runtime build has it and a GPU answers, else CPU (quietly on the CPU build). */
    AUTO(List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU)),
    /** CPU only. */
    CPU(List.of(ExecutionProvider.CPU)),
    /** CUDA, else CPU with a warning. */
    CUDA(List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU)),
    /** TensorRT, else CUDA, else CPU with a warning. */
    TENSORRT(List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU));

    private final List<ExecutionProvider> order;

    ProviderPreference(List<ExecutionProvider> order) {
        this.order = order;
    }

    /** @return the providers to try, best first */
    public List<ExecutionProvider> order() {
        return order;
    }

    /**
     * @param text auto, cpu, cuda or tensorrt (case-insensitive)
     * @return the preference
     * @throws InvalidModelException for anything else
     */
    public static ProviderPreference parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("provider: expected auto, cpu, cuda or tensorrt, found '" + text + "'");
        }
    }
}
