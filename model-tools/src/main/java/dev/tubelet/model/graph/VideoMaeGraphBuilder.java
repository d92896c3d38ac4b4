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
        if (task == ModelTask.ANOMALY) {
            throw new IllegalArgumentException(
                    "an anomaly model is a masked autoencoder: MaskedAutoencoderGraphBuilder");
        }
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
        x = tokens(g, weights, arch, "", x);

        TransformerBlocks blocks = new TransformerBlocks(g, weights, TransformerBlocks.Geometry.of(arch), "");
        x = blocks.write(x, "");

        if (task == ModelTask.DETECTION) {
            detectionHead(g, blocks, x, d);
            return;
        }
        String pooled;
        if (arch.useMeanPooling()) {
            pooled = g.node("ReduceMean", List.of(OnnxGraph.ints("axes", 1), OnnxGraph.integer("keepdims", 0)), x);
            // the pooled features and the head in float32: 400 logits from one vector cost nothing
            pooled = blocks.toFloat32(pooled);
            pooled = blocks.layerNorm32(pooled, "fc_norm", d, arch.fcNormEps());
        } else {
            x = blocks.layerNorm(x, "norm", d, arch.layerNormEps());
            pooled = blocks.toFloat32(g.node("Gather", List.of(OnnxGraph.integer("axis", 1)), x, blocks.indexZero()));
        }
        String logits = blocks.linear32(pooled, "head", arch.numClasses(), d);
        if (arch.float16()) {
            g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)), logits);
        } else {
            g.node("Identity", logits);
        }
        g.renameLastOutput("logits");
        g.output(OnnxGraph.valueInfo("logits", inputType, -1, arch.numClasses()));
    }

    /**
     * The tubelet embedding (Conv3d, kernel and stride tubelet × patch × patch) flattened to tokens
     * in (t′, h′, w′) order, plus the fixed sinusoid table.
     *
     * @param prefix the weights' prefix ("" for a fine-tuned model, "encoder." for a pretraining one)
     * @param clip the clip as {@code [batch, 3, T, H, W]}
     * @return {@code [batch, tokens, width]}
     */
    static String tokens(OnnxGraph g, WeightSource weights, VideoMaeArchitecture arch, String prefix, String clip)
            throws IOException {
        int d = arch.hiddenSize();
        int n = arch.tokens();
        int t = arch.tubeletSize();
        int p = arch.patchSize();
        String name = prefix + "patch_embed.proj.";
        String patchW = g.weight(
                name + "weight", new long[] {d, 3, t, p, p}, weights.tensor(name + "weight", new int[] {d, 3, t, p, p
                }));
        String patchB = g.weight(name + "bias", new long[] {d}, weights.tensor(name + "bias", new int[] {d}));
        String x = g.node(
                "Conv",
                List.of(OnnxGraph.ints("kernel_shape", t, p, p), OnnxGraph.ints("strides", t, p, p)),
                clip,
                patchW,
                patchB);
        x = g.node("Reshape", x, g.int64s("shape_tokens_dn", new long[] {3}, 0, d, -1));
        x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1)), x);
        String pos = g.weight("pos_embed", new long[] {1, n, d}, SinusoidPositionTable.table(n, d));
        return g.node("Add", x, pos);
    }

    /**
     * AVA-style head: the normalized tokens as a feature map {@code [B, D, T', H', W']}, averaged over
     * time, RoIAlign (average of bilinear samples, half-pixel aligned, adaptive sampling) of each box
     * to 7×7 at 1/patch scale, max over the 7×7, then the linear head: {@code logits [K, classes]}.
     * Boxes come as {@code rois [K, 5]}: batch index, then x1, y1, x2, y2 in input pixels.
     */
    private void detectionHead(OnnxGraph g, TransformerBlocks blocks, String tokens, int d) throws IOException {
        g.input(OnnxGraph.valueInfo("rois", OnnxGraph.FLOAT, new String[] {"boxes", null}, -1, 5));
        String indexZero = blocks.indexZero();
        String x = blocks.layerNorm(tokens, "norm", d, arch.layerNormEps());
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
        blocks.linear(pooled, "head", arch.numClasses(), d);
        g.renameLastOutput("logits");
        g.output(OnnxGraph.valueInfo("logits", OnnxGraph.FLOAT, new String[] {"boxes", null}, -1, arch.numClasses()));
    }
}
