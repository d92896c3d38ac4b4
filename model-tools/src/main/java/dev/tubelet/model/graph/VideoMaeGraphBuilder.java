package dev.tubelet.model.graph;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Emits the ONNX graph of VideoMAE's fine-tuning model, following the official code
 * ({@code modeling_finetune.py}):
 * <ol>
 *   <li>tubelet embedding: Conv3d, kernel and stride {@code tubelet × patch × patch}, flattened to tokens;</li>
 *   <li>plus the fixed sinusoid position table;</li>
 *   <li>pre-norm blocks: LayerNorm, fused qkv with q and v biases (no k bias), softmax(q·d^-½·kᵀ)·v,
 *       projection; LayerNorm, MLP with exact (erf) GELU; both residual;</li>
 *   <li>{@code fc_norm(mean of tokens)} with mean pooling, else the final norm and token 0
 *       (VideoMAE has no CLS token, so that is the first tubelet);</li>
 *   <li>the linear head.</li>
 * </ol>
 * Input {@code pixel_values} in the chosen layout with a dynamic batch; output {@code logits [batch, classes]}.
 * Initializers carry the original code's names; linear weights are stored as {@code [in, out]}
 * (transposed from PyTorch) for MatMul, and each block's qkv bias is {@code cat(q_bias, 0, v_bias)}.
 */
public final class VideoMaeGraphBuilder {
    static final int OPSET = 17;

    /** RoIAlign output size of the detection head (7×7, as SlowFast's and VideoMAE's AVA heads). */
    public static final int ROI_RESOLUTION = 7;

    private final VideoMaeArchitecture arch;
    private final WeightSource weights;
    private final ModelTask task;
    /** F.normalize's floor under a norm (float32), with cosine attention. */
    private String normalizeEps;

    /**
     * @param arch the architecture
     * @param weights where the weights come from
     */
    public VideoMaeGraphBuilder(VideoMaeArchitecture arch, WeightSource weights) {
        this(arch, weights, ModelTask.CLASSIFICATION);
    }

    /**
     * @param arch the architecture (for detection: first-token pooling off is irrelevant, the final
     *     {@code norm} is applied to every token; {@code head} maps RoI features to action logits)
     * @param weights where the weights come from
     * @param task classification (clip logits) or detection (per-box logits from RoIAlign)
     * @throws InvalidModelException for a float16 detection model (not supported)
     */
    public VideoMaeGraphBuilder(VideoMaeArchitecture arch, WeightSource weights, ModelTask task) {
        if (task == ModelTask.DETECTION && (arch.float16() || arch.useMeanPooling())) {
            throw new InvalidModelException("a detection model is float32 and uses the final norm over every token "
                    + "(no mean pooling); found " + (arch.float16() ? "float16" : "mean pooling"));
        }
        this.arch = arch;
        this.weights = weights;
        this.task = task;
    }

    /**
     * @param out where the model file goes
     * @param externalData where the weights go when they must live outside the model file, or null
     * @throws IOException when writing fails
     */
    public void write(OutputStream out, Path externalData) throws IOException {
        try (OnnxGraph g = new OnnxGraph("videomae", arch.float16(), externalData)) {
            build(g);
            g.writeModel(
                    out,
                    OPSET,
                    (task == ModelTask.DETECTION ? "VideoMAE AVA-style detection (RoIAlign head)" : "VideoMAE")
                            + " fine-tuning architecture: hidden " + arch.hiddenSize() + ", depth " + arch.depth()
                            + ", heads " + arch.heads() + ", " + arch.numFrames() + "x" + arch.imageSize() + "x"
                            + arch.imageSize());
        }
    }

    private void build(OnnxGraph g) throws IOException {
        int d = arch.hiddenSize();
        int n = arch.tokens();
        int t = arch.tubeletSize();
        int p = arch.patchSize();
        int inputType = arch.float16() ? OnnxGraph.FLOAT16 : OnnxGraph.FLOAT;
        g.input(OnnxGraph.valueInfo(
                "pixel_values",
                inputType,
                arch.layout().shape(-1, arch.numFrames(), arch.imageSize(), arch.imageSize())));

        String x = "pixel_values";
        if (arch.layout() == InputLayout.BTCHW) {
            // Hugging Face permutes [B, T, C, H, W] to the Conv3d layout [B, C, T, H, W] first.
            x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1, 3, 4)), x);
        }
        String patchW = g.weight(
                "patch_embed.proj.weight",
                new long[] {d, 3, t, p, p},
                weights.tensor("patch_embed.proj.weight", new int[] {d, 3, t, p, p}));
        String patchB = g.weight(
                "patch_embed.proj.bias", new long[] {d}, weights.tensor("patch_embed.proj.bias", new int[] {d}));
        x = g.node(
                "Conv",
                List.of(OnnxGraph.ints("kernel_shape", t, p, p), OnnxGraph.ints("strides", t, p, p)),
                x,
                patchW,
                patchB);
        x = g.node("Reshape", x, g.int64s("shape_tokens_dn", new long[] {3}, 0, d, -1));
        x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1)), x);
        String pos = g.weight("pos_embed", new long[] {1, n, d}, SinusoidPositionTable.table(n, d));
        x = g.node("Add", x, pos);

        String[] index = {g.int64s("index_0", new long[0], 0), null, null};
        String shapeQkv = null;
        String shapeTokens = null;
        String scale = null;
        String splitQkv = null;
        if (arch.fusedAttention()) {
            splitQkv = g.int64s("split_qkv", new long[] {3}, d, d, d);
        } else {
            shapeQkv = g.int64s("shape_qkv", new long[] {5}, 0, n, 3, arch.heads(), arch.headDim());
            shapeTokens = g.int64s("shape_tokens", new long[] {3}, 0, n, d);
            index[1] = g.int64s("index_1", new long[0], 1);
            index[2] = g.int64s("index_2", new long[0], 2);
            scale = g.scalar("attn_scale", (float) Math.pow(arch.headDim(), -0.5));
        }
        if (arch.cosineAttention()) {
            normalizeEps = g.floatScalar("normalize_eps", 1e-12f);
        }
        String sqrt2 = g.scalar("gelu_sqrt2", (float) Math.sqrt(2.0));
        String one = g.scalar("gelu_one", 1.0f);
        String half = g.scalar("gelu_half", 0.5f);

        for (int b = 0; b < arch.depth(); b++) {
            String prefix = "blocks." + b + ".";
            String h = layerNorm(g, x, prefix + "norm1", d, arch.layerNormEps());
            float[] qBias = weights.tensor(prefix + "attn.q_bias", new int[] {d});
            float[] vBias = weights.tensor(prefix + "attn.v_bias", new int[] {d});
            float[] qkvBias = new float[3 * d];
            System.arraycopy(qBias, 0, qkvBias, 0, d);
            System.arraycopy(vBias, 0, qkvBias, 2 * d, d);
            String qkv = g.node("MatMul", h, linearWeight(g, prefix + "attn.qkv.weight", 3 * d, d));
            String bias = g.weight(prefix + "attn.qkv.bias", new long[] {3 * d}, qkvBias);
            String o = arch.fusedAttention()
                    ? fusedAttention(g, qkv, bias, splitQkv)
                    : plainAttention(
                            g,
                            qkv,
                            bias,
                            shapeQkv,
                            shapeTokens,
                            index,
                            arch.cosineAttention() ? cosineLogitScale(g, prefix) : scale);
            o = linear(g, o, prefix + "attn.proj", d, d);
            if (arch.layerScale()) {
                o = g.node("Mul", o, vector(g, prefix + "gamma_1", d));
            }
            x = g.node("Add", x, o);

            String m = layerNorm(g, x, prefix + "norm2", d, arch.layerNormEps());
            int hidden = arch.mlpHidden();
            m = linear(g, m, prefix + "mlp.fc1", hidden, d);
            // exact GELU: x · ½ · (1 + erf(x / √2))
            String erf = g.node("Erf", g.node("Div", m, sqrt2));
            m = g.node("Mul", g.node("Mul", m, g.node("Add", erf, one)), half);
            m = linear(g, m, prefix + "mlp.fc2", d, hidden);
            if (arch.layerScale()) {
                m = g.node("Mul", m, vector(g, prefix + "gamma_2", d));
            }
            x = g.node("Add", x, m);
        }

        if (task == ModelTask.DETECTION) {
            detectionHead(g, x, d, index[0]);
            return;
        }
        String pooled;
        if (arch.useMeanPooling()) {
            pooled = g.node("ReduceMean", List.of(OnnxGraph.ints("axes", 1), OnnxGraph.integer("keepdims", 0)), x);
            // the pooled features and the head in float32: 400 logits from one vector cost nothing
            pooled = toFloat32(g, pooled);
            pooled = layerNorm32(g, pooled, "fc_norm", d, arch.fcNormEps());
        } else {
            x = layerNorm(g, x, "norm", d, arch.layerNormEps());
            pooled = toFloat32(g, g.node("Gather", List.of(OnnxGraph.integer("axis", 1)), x, index[0]));
        }
        String logits = linear32(g, pooled, "head", arch.numClasses(), d);
        if (arch.float16()) {
            g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)), logits);
        } else {
            g.node("Identity", logits);
        }
        g.renameLastOutput("logits");
        g.output(OnnxGraph.valueInfo("logits", inputType, -1, arch.numClasses()));
    }

    /**
     * AVA-style head: the normalized tokens as a feature map {@code [B, D, T', H', W']}, averaged over
     * time, RoIAlign (average of bilinear samples, half-pixel aligned, adaptive sampling) of each box
     * to 7×7 at 1/patch scale, max over the 7×7, then the linear head: {@code logits [K, classes]}.
     * Boxes come as {@code rois [K, 5]}: batch index, then x1, y1, x2, y2 in input pixels.
     */
    private void detectionHead(OnnxGraph g, String tokens, int d, String indexZero) throws IOException {
        g.input(OnnxGraph.valueInfo("rois", OnnxGraph.FLOAT, new String[] {"boxes", null}, -1, 5));
        String x = layerNorm(g, tokens, "norm", d, arch.layerNormEps());
        int grid = arch.imageSize() / arch.patchSize();
        x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1)), x);
        x = g.node(
                "Reshape",
                x,
                g.int64s("shape_feature_map", new long[] {5}, 0, d, arch.numFrames() / arch.tubeletSize(), grid, grid));
        x = g.node("ReduceMean", List.of(OnnxGraph.ints("axes", 2), OnnxGraph.integer("keepdims", 0)), x);
        String batchIndex = g.node(
                "Cast",
                List.of(OnnxGraph.integer("to", OnnxGraph.INT64)),
                g.node("Gather", List.of(OnnxGraph.integer("axis", 1)), "rois", indexZero));
        String boxes = g.node(
                "Slice",
                "rois",
                g.int64s("roi_box_start", new long[] {1}, 1),
                g.int64s("roi_box_end", new long[] {1}, 5),
                g.int64s("roi_box_axis", new long[] {1}, 1));
        String features = g.node(
                "RoiAlign",
                List.of(
                        OnnxGraph.integer("output_height", ROI_RESOLUTION),
                        OnnxGraph.integer("output_width", ROI_RESOLUTION),
                        OnnxGraph.integer("sampling_ratio", 0),
                        OnnxGraph.real("spatial_scale", 1.0f / arch.patchSize()),
                        OnnxGraph.text("mode", "avg"),
                        OnnxGraph.text("coordinate_transformation_mode", "half_pixel")),
                x,
                boxes,
                batchIndex);
        String pooled =
                g.node("ReduceMax", List.of(OnnxGraph.ints("axes", 2, 3), OnnxGraph.integer("keepdims", 0)), features);
        linear(g, pooled, "head", arch.numClasses(), d);
        g.renameLastOutput("logits");
        g.output(OnnxGraph.valueInfo("logits", OnnxGraph.FLOAT, new String[] {"boxes", null}, -1, arch.numClasses()));
    }

    /**
     * ONNX Runtime's fused attention: q, k and v split from the fused projection, their biases added
     * by the op, softmax(q·kᵀ·d^-½)·v per head inside one kernel (flash or memory-efficient attention
     * on CUDA: the [heads, N, N] scores are never written out), heads merged in its output.
     */
    private String fusedAttention(OnnxGraph g, String qkv, String bias, String splitQkv) {
        String[] parts = g.split(qkv, splitQkv, 3);
        return g.node(
                "com.microsoft",
                "MultiHeadAttention",
                List.of(OnnxGraph.integer("num_heads", arch.heads()), OnnxGraph.real("scale", (float)
                        Math.pow(arch.headDim(), -0.5))),
                parts[0],
                parts[1],
                parts[2],
                bias);
    }

    /** The plain pattern every ONNX runtime runs: MatMul, Softmax (in float32), MatMul. */
    private String plainAttention(
            OnnxGraph g, String qkv, String bias, String shapeQkv, String shapeTokens, String[] index, String scale) {
        qkv = g.node("Add", qkv, bias);
        qkv = g.node("Reshape", qkv, shapeQkv);
        qkv = g.node("Transpose", List.of(OnnxGraph.ints("perm", 2, 0, 3, 1, 4)), qkv);
        String q = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[0]);
        String k = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[1]);
        String v = g.node("Gather", List.of(OnnxGraph.integer("axis", 0)), qkv, index[2]);
        String scores;
        if (arch.cosineAttention()) {
            // V2: cos(q, k) per head, times that head's logit scale ([1, heads, 1, 1])
            String kt = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 1, 3, 2)), unitRows(g, k));
            scores = g.node("Mul", g.node("MatMul", unitRows(g, q), kt), scale);
        } else {
            q = g.node("Mul", q, scale);
            String kt = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 1, 3, 2)), k);
            scores = g.node("MatMul", q, kt);
        }
        String attn;
        if (arch.float16()) {
            attn = g.node(
                    "Cast",
                    List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)),
                    g.node("Softmax", List.of(OnnxGraph.integer("axis", -1)), toFloat32(g, scores)));
        } else {
            attn = g.node("Softmax", List.of(OnnxGraph.integer("axis", -1)), scores);
        }
        String o = g.node("MatMul", attn, v);
        o = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1, 3)), o);
        return g.node("Reshape", o, shapeTokens);
    }

    /** Rows divided by their L2 norm, at least 1e-12 (PyTorch's F.normalize), in the compute type. */
    private String unitRows(OnnxGraph g, String x) {
        String norm = g.node(
                "ReduceL2", List.of(OnnxGraph.ints("axes", -1), OnnxGraph.integer("keepdims", 1)), toFloat32(g, x));
        norm = g.node("Max", norm, normalizeEps);
        if (arch.float16()) {
            norm = g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)), norm);
        }
        return g.node("Div", x, norm);
    }

    /** exp(min(scale, ln 100)) per head as [1, heads, 1, 1], folded from the block's learned scale. */
    private String cosineLogitScale(OnnxGraph g, String prefix) throws IOException {
        int h = arch.heads();
        float[] learned = weights.tensor(prefix + "attn.scale", new int[] {h, 1, 1});
        float[] folded = new float[h];
        for (int i = 0; i < h; i++) {
            folded[i] = (float) Math.exp(Math.min(learned[i], 4.6052f));
        }
        return g.weight(prefix + "attn.logit_scale", new long[] {1, h, 1, 1}, folded);
    }

    private String vector(OnnxGraph g, String name, int d) throws IOException {
        return g.weight(name, new long[] {d}, weights.tensor(name, new int[] {d}));
    }

    private String toFloat32(OnnxGraph g, String x) {
        return arch.float16() ? g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT)), x) : x;
    }

    /** LayerNorm in the compute type; its mean and variance are float32 either way (stash_type 1). */
    private String layerNorm(OnnxGraph g, String x, String name, int d, double eps) throws IOException {
        String scale = g.weight(name + ".weight", new long[] {d}, weights.tensor(name + ".weight", new int[] {d}));
        String bias = g.weight(name + ".bias", new long[] {d}, weights.tensor(name + ".bias", new int[] {d}));
        return layerNormNode(g, x, scale, bias, eps);
    }

    private String layerNorm32(OnnxGraph g, String x, String name, int d, double eps) throws IOException {
        String scale = g.weight32(name + ".weight", new long[] {d}, weights.tensor(name + ".weight", new int[] {d}));
        String bias = g.weight32(name + ".bias", new long[] {d}, weights.tensor(name + ".bias", new int[] {d}));
        return layerNormNode(g, x, scale, bias, eps);
    }

    private static String layerNormNode(OnnxGraph g, String x, String scale, String bias, double eps) {
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

    private String linear32(OnnxGraph g, String x, String name, int out, int in) throws IOException {
        String y = g.node(
                "MatMul", x, g.weight32(name + ".weight", new long[] {in, out}, transposed(name + ".weight", out, in)));
        return g.node(
                "Add", y, g.weight32(name + ".bias", new long[] {out}, weights.tensor(name + ".bias", new int[] {out
                })));
    }

    private String linear(OnnxGraph g, String x, String name, int out, int in) throws IOException {
        String y = g.node("MatMul", x, linearWeight(g, name + ".weight", out, in));
        return g.node(
                "Add", y, g.weight(name + ".bias", new long[] {out}, weights.tensor(name + ".bias", new int[] {out})));
    }

    /** PyTorch keeps linear weights as [out, in]; MatMul wants [in, out]. */
    private String linearWeight(OnnxGraph g, String name, int out, int in) throws IOException {
        return g.weight(name, new long[] {in, out}, transposed(name, out, in));
    }

    private float[] transposed(String name, int out, int in) throws IOException {
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
