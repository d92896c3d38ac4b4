package dev.tubelet.model.graph;

/**
 * Supplies a model's weights by their names and shapes in the original VideoMAE code
 * ({@code patch_embed.proj.weight}, {@code blocks.0.attn.qkv.weight}, …), in PyTorch's layout
 * (linear weights {@code [out, in]}). The graph builder asks for each tensor once.
 */
public interface WeightSource {
    /**
     * @param name the tensor's name in the original code's state dict
     * @param shape its PyTorch shape
     * @return its values, row-major, {@code product(shape)} of them
     */
    float[] tensor(String name, int[] shape);
}
