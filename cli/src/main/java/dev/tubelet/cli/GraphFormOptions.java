package dev.tubelet.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** How the graphs {@code gen-model} and {@code import} write compute: float16 or not, fused attention or not. */
final class GraphFormOptions {
    @Option(
            names = "--attention",
            paramLabel = "fused|plain",
            defaultValue = "fused",
            description = "Attention as ONNX Runtime's fused MultiHeadAttention (flash attention on CUDA; ONNX Runtime "
                    + "only), or the plain MatMul-Softmax-MatMul pattern every ONNX runtime runs (default: "
                    + "${DEFAULT-VALUE}).")
    String attention;

    @Option(
            names = "--fp16",
            description = "A graph that computes in float16 for GPUs: weights, input, output and the blocks' "
                    + "arithmetic (LayerNorm statistics, softmax and the head in float32); half the size. Logits "
                    + "within 1e-2 relative L2 of the float32 graph.")
    boolean fp16;

    /**
     * @return whether attention is the fused op
     * @throws IllegalArgumentException for anything but fused or plain
     */
    boolean fusedAttention() {
        return switch (attention.strip().toLowerCase(Locale.ROOT)) {
            case "fused" -> true;
            case "plain" -> false;
            default ->
                throw new IllegalArgumentException("--attention: expected fused or plain, found '" + attention + "'");
        };
    }
}
