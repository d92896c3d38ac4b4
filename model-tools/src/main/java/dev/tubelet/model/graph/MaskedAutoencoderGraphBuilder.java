package dev.tubelet.model.graph;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.PreprocessorConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the ONNX graph of VideoMAE's reconstruction score, every tube mask in one run:
 * {@code pixel_values} in (as a classifier takes it), {@code token_errors [batch, tokens]} out.
 *
 * <ol>
 *   <li>tubelet embedding plus the encoder's sinusoid table, as the fine-tuning model;</li>
 *   <li>per group of masks that show as many tokens: those tokens gathered ({@code [batch × masks, visible,
 *       width]}), the encoder blocks, {@code encoder.norm}, {@code encoder_to_decoder};</li>
 *   <li>the decoder's input in token order: each mask's encoded tokens where it shows them, zero elsewhere,
 *       plus {@code mask_token} where it hides them, plus the decoder's sinusoid table. The decoder has no
 *       attention mask and no order of its own beyond these positions, so its outputs are the authors'
 *       ([visible, masked] order) permuted back to token order;</li>
 *   <li>the decoder blocks, {@code decoder.norm}, {@code decoder.head}: predictions for every token;</li>
 *   <li>targets from the same pixels: {@code x·std + mean}, each tubelet × patch × patch block normalized per
 *       channel by its mean and unbiased std (+1e-6), channel fastest;</li>
 *   <li>squared error averaged over a token's values, summed over the masks that hid it and divided by
 *       their number (M − 1; a mask that shows a token adds nothing).</li>
 * </ol>
 */
public final class MaskedAutoencoderGraphBuilder {
    /** The graph's output: per clip, each token's reconstruction error. */
    public static final String OUTPUT = "token_errors";

    private final MaskedAutoencoderArchitecture arch;
    private final WeightSource weights;
    private final PreprocessorConfig preprocessor;
    private int[] run;

    /**
     * @param arch the architecture
     * @param weights where the weights come from, by the authors' pretraining names
     * @param preprocessor the preprocessing whose normalization the targets undo
     */
    public MaskedAutoencoderGraphBuilder(
            MaskedAutoencoderArchitecture arch, WeightSource weights, PreprocessorConfig preprocessor) {
        this.arch = arch;
        this.weights = weights;
        this.preprocessor = preprocessor;
        this.run = java.util.stream.IntStream.range(0, arch.masks().count()).toArray();
    }

    /**
     * Writes a graph that runs only some of the masks (each token's errors still divided by M − 1), so
     * that the errors of graphs over disjoint masks add up to the whole score: what measures one run of
     * every mask against several runs.
     *
     * @param masks mask indices, ascending
     * @return this
     */
    public MaskedAutoencoderGraphBuilder onlyMasks(int... masks) {
        if (masks.length == 0) {
            throw new IllegalArgumentException("expected at least one mask");
        }
        for (int i = 0; i < masks.length; i++) {
            if (masks[i] < 0 || masks[i] >= arch.masks().count() || (i > 0 && masks[i] <= masks[i - 1])) {
                throw new IllegalArgumentException("expected ascending masks from 0 to "
                        + (arch.masks().count() - 1) + ", found " + java.util.Arrays.toString(masks));
            }
        }
        this.run = masks.clone();
        return this;
    }

    /**
     * @param out where the model file goes
     * @param externalData where the weights go when they must live outside the model file, or null
     * @throws IOException when writing fails
     */
    public void write(OutputStream out, Path externalData) throws IOException {
        VideoMaeArchitecture e = arch.encoder();
        try (OnnxGraph g = new OnnxGraph("videomae_anomaly", false, externalData)) {
            build(g);
            g.writeModel(
                    out,
                    VideoMaeGraphBuilder.OPSET,
                    "VideoMAE reconstruction score (masked autoencoder): encoder " + e.hiddenSize() + " wide, depth "
                            + e.depth() + ", decoder " + arch.decoderWidth() + " wide, depth " + arch.decoderDepth()
                            + ", " + arch.masks().count() + " tube masks, " + e.numFrames() + "x" + e.imageSize() + "x"
                            + e.imageSize());
        }
    }

    private void build(OnnxGraph g) throws IOException {
        VideoMaeArchitecture e = arch.encoder();
        TubeMasks masks = arch.masks();
        int dd = arch.decoderWidth();
        int n = masks.tokens();
        int m = run.length;
        g.input(OnnxGraph.valueInfo(
                "pixel_values", OnnxGraph.FLOAT, e.layout().shape(-1, e.numFrames(), e.imageSize(), e.imageSize())));
        String clip = "pixel_values";
        if (e.layout() == InputLayout.BTCHW) {
            clip = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 1, 3, 4)), clip);
        }
        String tokens = VideoMaeGraphBuilder.tokens(g, weights, e, "encoder.", clip);

        TransformerBlocks encoder = new TransformerBlocks(g, weights, TransformerBlocks.Geometry.of(e), "");
        TransformerBlocks decoder = new TransformerBlocks(g, weights, arch.decoderGeometry(), "decoder_");
        List<String> decoderInputs = new ArrayList<>();
        int first = 0;
        while (first < m) {
            int visible = masks.visibleTokens(run[first]).length;
            int end = first;
            while (end < m && masks.visibleTokens(run[end]).length == visible) {
                end++;
            }
            decoderInputs.add(
                    encodeGroup(g, encoder, tokens, masks, java.util.Arrays.copyOfRange(run, first, end), visible));
            first = end;
        }
        String x = decoderInputs.size() == 1
                ? decoderInputs.get(0)
                : g.node("Concat", List.of(OnnxGraph.integer("axis", 1)), decoderInputs.toArray(String[]::new));
        x = g.node("Reshape", x, g.int64s("shape_masks_tokens", new long[] {4}, 0, m, n, dd));
        x = g.node("Add", x, decoderPositions(g, masks));
        x = g.node("Reshape", x, g.int64s("shape_decoder_tokens", new long[] {3}, -1, n, dd));
        x = decoder.write(x, "decoder.");
        x = decoder.layerNorm(x, "decoder.norm", dd, arch.decoderNormEps());
        int values = arch.valuesPerToken();
        String predicted = decoder.linear(x, "decoder.head", values, dd);
        predicted = g.node("Reshape", predicted, g.int64s("shape_predictions", new long[] {4}, -1, m, n, values));

        String diff = g.node("Sub", predicted, targets(g, clip));
        String error = g.node(
                "ReduceMean",
                List.of(OnnxGraph.ints("axes", 3), OnnxGraph.integer("keepdims", 0)),
                g.node("Mul", diff, diff));
        float[] hidden = new float[m * n];
        for (int j = 0; j < m; j++) {
            for (int token = 0; token < n; token++) {
                hidden[j * n + token] = masks.hides(run[j], token) ? 1.0f / (masks.count() - 1) : 0f;
            }
        }
        error = g.node("Mul", error, g.weight("hidden_share", new long[] {m, n}, hidden));
        g.node(
                "ReduceSum",
                List.of(OnnxGraph.integer("keepdims", 0)),
                error,
                g.int64s("axis_masks", new long[] {1}, 1));
        g.renameLastOutput(OUTPUT);
        g.output(OnnxGraph.valueInfo(OUTPUT, OnnxGraph.FLOAT, -1, n));
    }

    /**
     * The encoder on the tokens the masks of a group show ({@code visible} each), then
     * {@code encoder_to_decoder}, laid out in token order for the decoder: {@code [batch, count × tokens,
     * decoder width]}, zero where a mask hides the token.
     */
    private String encodeGroup(
            OnnxGraph g, TransformerBlocks encoder, String tokens, TubeMasks masks, int[] group, int visible)
            throws IOException {
        int count = group.length;
        VideoMaeArchitecture e = arch.encoder();
        int d = e.hiddenSize();
        int dd = arch.decoderWidth();
        int n = masks.tokens();
        String tag = "masks_" + group[0] + "_" + group[count - 1];
        long[] shown = new long[count * visible];
        long[] place = new long[count * n];
        for (int j = 0; j < count; j++) {
            long[] v = masks.visibleTokens(group[j]);
            System.arraycopy(v, 0, shown, j * visible, visible);
            // in the padded rows [visible tokens…, zero] of mask j: a shown token's rank, else the zero row
            long base = (long) j * (visible + 1);
            java.util.Arrays.fill(place, j * n, (j + 1) * n, base + visible);
            for (int rank = 0; rank < visible; rank++) {
                place[j * n + (int) v[rank]] = base + rank;
            }
        }
        String x = g.node(
                "Gather",
                List.of(OnnxGraph.integer("axis", 1)),
                tokens,
                g.int64s(tag + "_shown", new long[] {count, visible}, shown));
        x = g.node("Reshape", x, g.int64s(tag + "_shape_encoder", new long[] {3}, -1, visible, d));
        x = encoder.write(x, "encoder.");
        if (arch.encoderNorm()) {
            x = encoder.layerNorm(x, "encoder.norm", d, e.layerNormEps());
        }
        x = g.node("MatMul", x, encoder.linearWeight("encoder_to_decoder.weight", dd, d));
        x = g.node("Reshape", x, g.int64s(tag + "_shape_masks", new long[] {4}, -1, count, visible, dd));
        x = g.node("Pad", x, g.int64s(tag + "_zero_row", new long[] {8}, 0, 0, 0, 0, 0, 0, 1, 0));
        x = g.node("Reshape", x, g.int64s(tag + "_shape_rows", new long[] {3}, 0, (long) count * (visible + 1), dd));
        return g.node(
                "Gather",
                List.of(OnnxGraph.integer("axis", 1)),
                x,
                g.int64s(tag + "_token_order", new long[] {(long) count * n}, place));
    }

    /** {@code [masks, tokens, decoder width]}: the decoder's sinusoid table, plus mask_token where the mask hides. */
    private String decoderPositions(OnnxGraph g, TubeMasks masks) throws IOException {
        int dd = arch.decoderWidth();
        int n = masks.tokens();
        int m = run.length;
        float[] hides = new float[m * n];
        for (int j = 0; j < m; j++) {
            for (int token = 0; token < n; token++) {
                hides[j * n + token] = masks.hides(run[j], token) ? 1f : 0f;
            }
        }
        String maskToken =
                g.weight("mask_token", new long[] {1, 1, dd}, weights.tensor("mask_token", new int[] {1, 1, dd}));
        String masked = g.node("Mul", g.weight("hidden_tokens", new long[] {m, n, 1}, hides), maskToken);
        String pos = g.weight("decoder_pos_embed", new long[] {n, dd}, SinusoidPositionTable.table(n, dd));
        return g.node("Add", masked, pos);
    }

    /**
     * {@code [batch, 1, tokens, values]}: the clip's pixels back in [0, 1], each tubelet × patch × patch
     * block normalized per channel (mean, unbiased std + 1e-6), channel fastest.
     */
    private String targets(OnnxGraph g, String clip) throws IOException {
        VideoMaeArchitecture e = arch.encoder();
        int ts = e.tubeletSize();
        int p = e.patchSize();
        int side = e.imageSize() / p;
        int slices = e.numFrames() / ts;
        int block = ts * p * p;
        String x = clip;
        if (preprocessor.doNormalize()) {
            float[] std = new float[3];
            float[] mean = new float[3];
            for (int c = 0; c < 3; c++) {
                std[c] = (float) preprocessor.imageStd()[c];
                mean[c] = (float) preprocessor.imageMean()[c];
            }
            x = g.node("Mul", x, g.weight32("target_std", new long[] {1, 3, 1, 1, 1}, std));
            x = g.node("Add", x, g.weight32("target_mean", new long[] {1, 3, 1, 1, 1}, mean));
        }
        x = g.node("Reshape", x, g.int64s("shape_target_blocks", new long[] {8}, 0, 3, slices, ts, side, p, side, p));
        x = g.node("Transpose", List.of(OnnxGraph.ints("perm", 0, 2, 4, 6, 3, 5, 7, 1)), x);
        x = g.node(
                "Reshape",
                x,
                g.int64s("shape_target_tokens", new long[] {4}, 0, (long) slices * side * side, block, 3));
        String mean = g.node("ReduceMean", List.of(OnnxGraph.ints("axes", 2), OnnxGraph.integer("keepdims", 1)), x);
        String centered = g.node("Sub", x, mean);
        String sumSquares = g.node(
                "ReduceSum",
                List.of(OnnxGraph.integer("keepdims", 1)),
                g.node("Mul", centered, centered),
                g.int64s("axis_block", new long[] {1}, 2));
        String std = g.node("Sqrt", g.node("Div", sumSquares, g.floatScalar("target_block_dof", block - 1)));
        std = g.node("Add", std, g.floatScalar("target_eps", 1e-6f));
        x = g.node("Div", centered, std);
        return g.node(
                "Reshape",
                x,
                g.int64s("shape_targets", new long[] {4}, 0, 1, (long) slices * side * side, (long) block * 3));
    }
}
