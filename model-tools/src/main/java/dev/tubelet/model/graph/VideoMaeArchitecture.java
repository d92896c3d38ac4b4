package dev.tubelet.model.graph;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.config.VideoMaeConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of a VideoMAE fine-tuning model: ViT encoder over 2×16×16 tubelets, then a head.
 *
 * @param hiddenSize embedding width
 * @param depth number of blocks
 * @param heads attention heads
 * @param mlpHidden MLP width (4 × the embedding width in VideoMAE; 6144 for VideoMAE V2's ViT-g, 48/11 × 1408)
 * @param numFrames frames per clip
 * @param tubeletSize frames per tubelet
 * @param imageSize input height and width
 * @param patchSize spatial patch size
 * @param numClasses classes of the head
 * @param useMeanPooling fc_norm(mean of tokens) when true, final norm + token 0 when false
 * @param layerNormEps epsilon of the blocks' and the final LayerNorm (1e-6 in the official code)
 * @param fcNormEps epsilon of fc_norm (1e-6 in the official code; Hugging Face's port leaves it at 1e-5)
 * @param layout the input layout of the exported graph
 * @param float16 float16 input, output, weights and arithmetic (LayerNorm statistics, softmax and the head
 *     in float32)
 * @param fusedAttention attention as ONNX Runtime's fused {@code com.microsoft.MultiHeadAttention}; false
 *     writes the plain MatMul, Softmax, MatMul pattern that every ONNX runtime runs
 * @param problemType single- or multi-label head
 * @param layerScale VideoMAE V2's layer scale: each block's attention and MLP outputs multiplied by
 *     per-channel {@code gamma_1} and {@code gamma_2} before their residual add
 * @param cosineAttention VideoMAE V2's cosine attention: q and k normalized to unit length, scores
 *     times {@code exp(min(scale, ln 100))} with a learned {@code scale} per head (no 1/√d)
 */
public record VideoMaeArchitecture(
        int hiddenSize,
        int depth,
        int heads,
        int mlpHidden,
        int numFrames,
        int tubeletSize,
        int imageSize,
        int patchSize,
        int numClasses,
        boolean useMeanPooling,
        double layerNormEps,
        double fcNormEps,
        InputLayout layout,
        boolean float16,
        boolean fusedAttention,
        ProblemType problemType,
        boolean layerScale,
        boolean cosineAttention) {

    /**
     * @throws InvalidModelException when the sizes do not divide as the architecture needs
     */
    public VideoMaeArchitecture {
        if (hiddenSize <= 0 || depth <= 0 || heads <= 0 || mlpHidden <= 0 || numClasses <= 0) {
            throw new InvalidModelException("architecture sizes must be positive, found hidden " + hiddenSize
                    + ", depth " + depth + ", heads " + heads + ", mlp " + mlpHidden + ", classes " + numClasses);
        }
        if (hiddenSize % heads != 0) {
            throw new InvalidModelException(
                    "hidden size must be a multiple of the heads (" + heads + "), found " + hiddenSize);
        }
        if (numFrames <= 0 || tubeletSize <= 0 || numFrames % tubeletSize != 0) {
            throw new InvalidModelException(
                    "frames must be a positive multiple of the tubelet size (" + tubeletSize + "), found " + numFrames);
        }
        if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
            throw new InvalidModelException(
                    "image size must be a positive multiple of the patch size (" + patchSize + "), found " + imageSize);
        }
    }

    /** The paper's sizes, and a tiny one for tests. */
    public enum Size {
        TINY(64, 2, 2),
        SMALL(384, 12, 6),
        BASE(768, 12, 12),
        LARGE(1024, 24, 16);

        final int hidden;
        final int depth;
        final int heads;

        Size(int hidden, int depth, int heads) {
            this.hidden = hidden;
            this.depth = depth;
            this.heads = heads;
        }

        /**
         * @param text tiny, small, base or large
         * @return the size
         * @throws InvalidModelException for anything else
         */
        public static Size parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidModelException("size: expected tiny, small, base or large, found '" + text + "'");
            }
        }
    }

    /**
     * @param size a preset
     * @return a builder starting from that preset with 16 frames, 224 px, 400 classes, mean pooling
     */
    public static Builder builder(Size size) {
        return new Builder(size);
    }

    /** @return tokens per clip: (frames / tubelet) × (image / patch)² */
    public int tokens() {
        int side = imageSize / patchSize;
        return numFrames / tubeletSize * side * side;
    }

    /** @return width of each attention head */
    public int headDim() {
        return hiddenSize / heads;
    }

    /**
     * @return every weight the graph is built from, by its name in the original code's state dict,
     *     with its PyTorch shape, in the order the builder asks for them
     */
    public java.util.LinkedHashMap<String, int[]> weightShapes() {
        int d = hiddenSize;
        int hidden = mlpHidden;
        java.util.LinkedHashMap<String, int[]> shapes = new java.util.LinkedHashMap<>();
        shapes.put("patch_embed.proj.weight", new int[] {d, 3, tubeletSize, patchSize, patchSize});
        shapes.put("patch_embed.proj.bias", new int[] {d});
        for (int b = 0; b < depth; b++) {
            String p = "blocks." + b + ".";
            shapes.put(p + "norm1.weight", new int[] {d});
            shapes.put(p + "norm1.bias", new int[] {d});
            shapes.put(p + "attn.q_bias", new int[] {d});
            shapes.put(p + "attn.v_bias", new int[] {d});
            shapes.put(p + "attn.qkv.weight", new int[] {3 * d, d});
            if (cosineAttention) {
                shapes.put(p + "attn.scale", new int[] {heads, 1, 1});
            }
            shapes.put(p + "attn.proj.weight", new int[] {d, d});
            shapes.put(p + "attn.proj.bias", new int[] {d});
            shapes.put(p + "norm2.weight", new int[] {d});
            shapes.put(p + "norm2.bias", new int[] {d});
            shapes.put(p + "mlp.fc1.weight", new int[] {hidden, d});
            shapes.put(p + "mlp.fc1.bias", new int[] {hidden});
            shapes.put(p + "mlp.fc2.weight", new int[] {d, hidden});
            shapes.put(p + "mlp.fc2.bias", new int[] {d});
            if (layerScale) {
                shapes.put(p + "gamma_1", new int[] {d});
                shapes.put(p + "gamma_2", new int[] {d});
            }
        }
        String norm = useMeanPooling ? "fc_norm" : "norm";
        shapes.put(norm + ".weight", new int[] {d});
        shapes.put(norm + ".bias", new int[] {d});
        shapes.put("head.weight", new int[] {numClasses, d});
        shapes.put("head.bias", new int[] {numClasses});
        return shapes;
    }

    /** @return number of weights */
    public long parameterCount() {
        long d = hiddenSize;
        long patch = d * 3L * tubeletSize * patchSize * patchSize + d;
        long block = 2 * 2 * d
                + (3 * d * d + 2 * d)
                + (d * d + d)
                + (mlpHidden * d + mlpHidden)
                + (mlpHidden * d + d)
                + (layerScale ? 2 * d : 0)
                + (cosineAttention ? heads : 0);
        long head = 2 * d + d * numClasses + numClasses;
        return patch + depth * block + head;
    }

    /**
     * @return the Hugging Face style config this architecture writes beside its graph
     */
    public VideoMaeConfig toConfig() {
        return new VideoMaeConfig(
                numFrames,
                tubeletSize,
                imageSize,
                patchSize,
                hiddenSize,
                depth,
                heads,
                mlpHidden,
                layerNormEps,
                useMeanPooling,
                problemType,
                Optional.empty(),
                Optional.of(layout));
    }

    /** Builds {@link VideoMaeArchitecture}. */
    public static final class Builder {
        private int hiddenSize;
        private int depth;
        private int heads;
        private int mlpRatio = 4;
        private Integer mlpHidden;
        private boolean layerScale;
        private boolean cosineAttention;
        private int numFrames = 16;
        private int tubeletSize = 2;
        private int imageSize = 224;
        private int patchSize = 16;
        private int numClasses = 400;
        private boolean useMeanPooling = true;
        private double layerNormEps = 1e-6;
        private Double fcNormEps;
        private InputLayout layout = InputLayout.BTCHW;
        private boolean float16;
        private boolean fusedAttention = true;
        private ProblemType problemType = ProblemType.SINGLE_LABEL;

        private Builder(Size size) {
            this.hiddenSize = size.hidden;
            this.depth = size.depth;
            this.heads = size.heads;
        }

        public Builder hiddenSize(int value) {
            this.hiddenSize = value;
            return this;
        }

        public Builder depth(int value) {
            this.depth = value;
            return this;
        }

        public Builder heads(int value) {
            this.heads = value;
            return this;
        }

        public Builder mlpRatio(int value) {
            this.mlpRatio = value;
            this.mlpHidden = null;
            return this;
        }

        /** The MLP width itself, for ratios that are no integer (ViT-g's 48/11). */
        public Builder mlpHidden(int value) {
            this.mlpHidden = value;
            return this;
        }

        public Builder layerScale(boolean value) {
            this.layerScale = value;
            return this;
        }

        /** Cosine attention; the graph then uses the plain attention pattern (the fused op scales by 1/√d). */
        public Builder cosineAttention(boolean value) {
            this.cosineAttention = value;
            return this;
        }

        public Builder fcNormEps(double value) {
            this.fcNormEps = value;
            return this;
        }

        public Builder numFrames(int value) {
            this.numFrames = value;
            return this;
        }

        public Builder tubeletSize(int value) {
            this.tubeletSize = value;
            return this;
        }

        public Builder imageSize(int value) {
            this.imageSize = value;
            return this;
        }

        public Builder patchSize(int value) {
            this.patchSize = value;
            return this;
        }

        public Builder numClasses(int value) {
            this.numClasses = value;
            return this;
        }

        public Builder useMeanPooling(boolean value) {
            this.useMeanPooling = value;
            return this;
        }

        public Builder layerNormEps(double value) {
            this.layerNormEps = value;
            return this;
        }

        public Builder layout(InputLayout value) {
            this.layout = value;
            return this;
        }

        public Builder float16(boolean value) {
            this.float16 = value;
            return this;
        }

        public Builder fusedAttention(boolean value) {
            this.fusedAttention = value;
            return this;
        }

        public Builder problemType(ProblemType value) {
            this.problemType = value;
            return this;
        }

        /**
         * @return the architecture
         * @throws InvalidModelException when the sizes do not fit together
         */
        public VideoMaeArchitecture build() {
            return new VideoMaeArchitecture(
                    hiddenSize,
                    depth,
                    heads,
                    mlpHidden != null ? mlpHidden : mlpRatio * hiddenSize,
                    numFrames,
                    tubeletSize,
                    imageSize,
                    patchSize,
                    numClasses,
                    useMeanPooling,
                    layerNormEps,
                    fcNormEps == null ? layerNormEps : fcNormEps,
                    layout,
                    float16,
                    fusedAttention && !cosineAttention,
                    problemType,
                    layerScale,
                    cosineAttention);
        }
    }
}
