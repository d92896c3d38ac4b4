package dev.tubelet.model.graph;

import java.io.IOException;
import java.util.List;

/**
 * Writes VideoMAE's pre-norm transformer blocks into a graph, and the layer helpers they are made
 * of: LayerNorm, fused qkv with q and v biases (no k bias), softmax(q·d^-½·kᵀ)·v (or V2's cosine
 * attention), projection; LayerNorm, MLP with exact (erf) GELU; both residual, with V2's layer
 * scale when present. The token count is left to the input, so one stack serves any number of
 * tokens (the masked autoencoder's encoder runs on the visible tokens only).
 *
 * <p>Weights are asked for by {@code prefix + "blocks." + N + …}; a weight already in the graph is
 * reused, so a stack written twice (the encoder on two groups of masks) shares its weights.
 */
final class TransformerBlocks {
    /**
     * @param width embedding width
     * @param depth number of blocks
     * @param heads attention heads
     * @param mlpHidden MLP width
     * @param eps LayerNorm epsilon of the blocks
     * @param layerScale V2's gamma_1 and gamma_2
     * @param cosineAttention V2's cosine attention (forces the plain pattern)
     * @param fusedAttention ONNX Runtime's fused MultiHeadAttention, else the plain pattern
     * @param float16 float16 arithmetic (LayerNorm statistics and softmax in float32)
     */
    record Geometry(
            int width,
            int depth,
            int heads,
            int mlpHidden,
            double eps,
            boolean layerScale,
            boolean cosineAttention,
            boolean fusedAttention,
            boolean float16) {
        static Geometry of(VideoMaeArchitecture arch) {
            return new Geometry(
                    arch.hiddenSize(),
                    arch.depth(),
                    arch.heads(),
                    arch.mlpHidden(),
                    arch.layerNormEps(),
                    arch.layerScale(),
                    arch.cosineAttention(),
                    arch.fusedAttention(),
                    arch.float16());
        }

        int headDim() {
            return width / heads;
        }
    }

    private final OnnxGraph g;
    private final WeightSource weights;
    private final Geometry geometry;
    private final String tag;

    /**
     * @param g the graph
     * @param weights where the weights come from
     * @param geometry the blocks' shape
     * @param tag prefix of this stack's constants, so that two stacks of other widths live in one graph
     */
    TransformerBlocks(OnnxGraph g, WeightSource weights, Geometry geometry, String tag) {
        this.g = g;
        this.weights = weights;
        this.geometry = geometry;
        this.tag = tag;
    }

    /**
     * @param x tokens {@code [batch, tokens, width]}
     * @param prefix the weights' prefix before {@code blocks.N.} ("" for a classifier, "encoder." or "decoder.")
     * @return the tokens after every block
     */
    String write(String x, String prefix) throws IOException {
        int d = geometry.width();
        String[] index = new String[3];
        String splitQkv = null;
        String shapeQkv = null;
        String shapeTokens = null;
        String scale = null;
        if (geometry.fusedAttention()) {
            splitQkv = constant("split_qkv", () -> g.int64s(tag + "split_qkv", new long[] {3}, d, d, d));
        } else {
            shapeQkv = constant(
                    "shape_qkv",
                    () -> g.int64s(tag + "shape_qkv", new long[] {5}, 0, -1, 3, geometry.heads(), geometry.headDim()));
            shapeTokens = constant("shape_tokens", () -> g.int64s(tag + "shape_tokens", new long[] {3}, 0, -1, d));
            index[0] = indexZero();
            index[1] = constant("index_1", () -> g.int64s(tag + "index_1", new long[0], 1));
            index[2] = constant("index_2", () -> g.int64s(tag + "index_2", new long[0], 2));
            scale = constant(
                    "attn_scale", () -> g.scalar(tag + "attn_scale", (float) Math.pow(geometry.headDim(), -0.5)));
        }
        String sqrt2 = constant("gelu_sqrt2", () -> g.scalar(tag + "gelu_sqrt2", (float) Math.sqrt(2.0)));
        String one = constant("gelu_one", () -> g.scalar(tag + "gelu_one", 1.0f));
        String half = constant("gelu_half", () -> g.scalar(tag + "gelu_half", 0.5f));

        for (int b = 0; b < geometry.depth(); b++) {
            String p = prefix + "blocks." + b + ".";
            String h = layerNorm(x, p + "norm1", d, geometry.eps());
            String bias = qkvBias(p, d);
            String qkv = g.node("MatMul", h, linearWeight(p + "attn.qkv.weight", 3 * d, d));
            String o = geometry.fusedAttention()
                    ? fusedAttention(qkv, bias, splitQkv)
                    : plainAttention(
                            qkv,
                            bias,
                            shapeQkv,
                            shapeTokens,
                            index,
                            geometry.cosineAttention() ? cosineLogitScale(p) : scale);
            o = linear(o, p + "attn.proj", d, d);
            if (geometry.layerScale()) {
                o = g.node("Mul", o, vector(p + "gamma_1", d));
            }
            x = g.node("Add", x, o);

            String m = layerNorm(x, p + "norm2", d, geometry.eps());
            int hidden = geometry.mlpHidden();
            m = linear(m, p + "mlp.fc1", hidden, d);
            // exact GELU: x · ½ · (1 + erf(x / √2))
            String erf = g.node("Erf", g.node("Div", m, sqrt2));
            m = g.node("Mul", g.node("Mul", m, g.node("Add", erf, one)), half);
            m = linear(m, p + "mlp.fc2", d, hidden);
            if (geometry.layerScale()) {
                m = g.node("Mul", m, vector(p + "gamma_2", d));
            }
            x = g.node("Add", x, m);
        }
        return x;
    }

    /** @return the scalar int64 0 (an index for Gather), added to the graph once */
    String indexZero() throws IOException {
        return constant("index_0", () -> g.int64s(tag + "index_0", new long[0], 0));
    }

    private interface Maker {
        String make() throws IOException;
    }

    private String constant(String name, Maker maker) throws IOException {
        return g.has(tag + name) ? tag + name : maker.make();
    }

    private String qkvBias(String p, int d) throws IOException {
        String name = p + "attn.qkv.bias";
        if (g.has(name)) {
            return name;
        }
        float[] qBias = weights.tensor(p + "attn.q_bias", new int[] {d});
        float[] vBias = weights.tensor(p + "attn.v_bias", new int[] {d});
        float[] qkvBias = new float[3 * d];
        System.arraycopy(qBias, 0, qkvBias, 0, d);
        System.arraycopy(vBias, 0, qkvBias, 2 * d, d);
        return g.weight(name, new long[] {3 * d}, qkvBias);
    }

    /**
     * ONNX Runtime's fused attention: q, k and v split from the fused projection, their biases added
     * by the op, softmax(q·kᵀ·d^-½)·v per head inside one kernel (flash or memory-efficient attention
     * on CUDA: the [heads, N, N] scores are never written out), heads merged in its output.
     */
    private String fusedAttention(String qkv, String bias, String splitQkv) {
        String[] parts = g.split(qkv, splitQkv, 3);
        return g.node(
                "com.microsoft",
                "MultiHeadAttention",
                List.of(OnnxGraph.integer("num_heads", geometry.heads()), OnnxGraph.real("scale", (float)
                        Math.pow(geometry.headDim(), -0.5))),
                parts[0],
                parts[1],
                parts[2],
                bias);
    }

    /** The plain pattern every ONNX runtime runs: MatMul, Softmax (in float32), MatMul. */
    private String plainAttention(
            String qkv, String bias, String shapeQkv, String shapeTokens, String[] index, String scale)
            throws IOException {
        qkv = g.node("Add", qkv, bias);
        qkv = g.node("Reshape", qkv, shapeQkv);
        qkv = g.node("Transpose", List.of(OnnxGraph.ints("perm", 2, 0, 3, 1, 4)), qkv);
        String q = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[0]);
        String k = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[1]);
        String v = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[2]);
        String scores;
        if (geometry.cosineAttention()) {
            // V2: cos(q, k) per head, times that head's logit scale ([1, heads, 1, 1])
            String kt = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 1, 3, 2)), unitRows(k));
            scores = g.node("Mul", g.node("MatMul", unitRows(q), kt), scale);
        } else {
            q = g.node("Mul", q, scale);
            String kt = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 1, 3, 2)), k);
            scores = g.node("MatMul", q, kt);
        }
        String attn;
        if (geometry.float16()) {
            attn = g.node(
                    "Cast",
                    List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)),
                    g.node("Softmax", List.of(OnnxGraph.integer("axis", -1)), toFloat32(scores)));
        } else {
            attn = g.node("Softmax", List.of(OnnxGraph.integer("axis", -1)), scores);
        }
        String o = g.node("MatMul", attn, v);
        o = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1, 3)), o);
        return g.node("Reshape", o, shapeTokens);
    }

    /** Rows divided by their L2 norm, at least 1e-12 (PyTorch's F.normalize), in the compute type. */
    private String unitRows(String x) throws IOException {
        String eps = constant("normalize_eps", () -> g.floatScalar(tag + "normalize_eps", 1e-12f));
        String norm =
                g.node("ReduceL2", List.of(OnnxGraph.ints("axes", -1), OnnxGraph.integer("keepdims", 1)), toFloat32(x));
        norm = g.node("Max", norm, eps);
        if (geometry.float16()) {
            norm = g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)), norm);
        }
        return g.node("Div", x, norm);
    }

    /** exp(min(scale, ln 100)) per head as [1, heads, 1, 1], folded from the block's learned scale. */
    private String cosineLogitScale(String prefix) throws IOException {
        String name = prefix + "attn.logit_scale";
        if (g.has(name)) {
            return name;
        }
        int h = geometry.heads();
        float[] learned = weights.tensor(prefix + "attn.scale", new int[] {h, 1, 1});
        float[] folded = new float[h];
        for (int i = 0; i < h; i++) {
            folded[i] = (float) Math.exp(Math.min(learned[i], 4.6052f));
        }
        return g.weight(name, new long[] {1, h, 1, 1}, folded);
    }

    String vector(String name, int d) throws IOException {
        return g.has(name) ? name : g.weight(name, new long[] {d}, weights.tensor(name, new int[] {d}));
    }

    String toFloat32(String x) {
        return geometry.float16() ? g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT)), x) : x;
    }

    /** LayerNorm in the compute type; its mean and variance are float32 either way (stash_type 1). */
    String layerNorm(String x, String name, int d, double eps) throws IOException {
        return layerNormNode(x, vector(name + ".weight", d), vector(name + ".bias", d), eps);
    }

    /** LayerNorm with float32 weights whatever the graph computes in (fc_norm before the head). */
    String layerNorm32(String x, String name, int d, double eps) throws IOException {
        String scale = g.weight32(name + ".weight", new long[] {d}, weights.tensor(name + ".weight", new int[] {d}));
        String bias = g.weight32(name + ".bias", new long[] {d}, weights.tensor(name + ".bias", new int[] {d}));
        return layerNormNode(x, scale, bias, eps);
    }

    private String layerNormNode(String x, String scale, String bias, double eps) {
        return g.node(
                "LayerNormalization",
                List.of(
                        OnnxGraph.integer("axis", -1),
                        OnnxGraph.real("epsilon", (float) eps),
                        OnnxGraph.integer("stash_type", 1)),
                x,
                scale,
                bias);
    }

    /** A linear layer in float32 whatever the graph computes in (the head). */
    String linear32(String x, String name, int out, int in) throws IOException {
        String y = g.node(
                "MatMul", x, g.weight32(name + ".weight", new long[] {in, out}, transposed(name + ".weight", out, in)));
        return g.node(
                "Add", y, g.weight32(name + ".bias", new long[] {out}, weights.tensor(name + ".bias", new int[] {out
                })));
    }

    String linear(String x, String name, int out, int in) throws IOException {
        String y = g.node("MatMul", x, linearWeight(name + ".weight", out, in));
        return g.node("Add", y, vector(name + ".bias", out));
    }

    /** PyTorch keeps linear weights as [out, in]; MatMul wants [in, out]. */
    String linearWeight(String name, int out, int in) throws IOException {
        return g.has(name) ? name : g.weight(name, new long[] {in, out}, transposed(name, out, in));
    }

    private float[] transposed(String name, int out, int in) {
        float[] w = weights.tensor(name, new int[] {out, in});
        float[] transposed = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = w[o * in + i];
            }
        }
        return transposed;
    }
}
