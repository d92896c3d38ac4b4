package dev.tubelet.model.graph;

import dev.tubelet.model.InvalidModelException;
import java.util.LinkedHashMap;

/**
 * The shape of a VideoMAE pretraining model (a masked autoencoder) used as an anomaly model: the
 * ViT encoder over the visible tubelets, {@code encoder_to_decoder} (no bias), a narrower decoder
 * over visible tokens and mask tokens, and a head that predicts each hidden token's
 * {@code 3 × tubelet × patch × patch} normalized pixels.
 *
 * @param encoder the encoder's geometry, frames, image size, layout and attention form (its head fields
 *     are not used; it is float32)
 * @param encoderNorm whether the encoder ends with a LayerNorm ({@code encoder.norm}; Hugging Face's port
 *     leaves it out when its config asks for mean pooling)
 * @param decoderWidth decoder embedding width
 * @param decoderDepth decoder blocks
 * @param decoderHeads decoder attention heads
 * @param decoderMlpHidden decoder MLP width
 * @param decoderLayerNormEps epsilon of the decoder blocks' LayerNorms
 * @param decoderNormEps epsilon of {@code decoder.norm}
 * @param maskRatio the share of positions each tube mask hides
 */
public record MaskedAutoencoderArchitecture(
        VideoMaeArchitecture encoder,
        boolean encoderNorm,
        int decoderWidth,
        int decoderDepth,
        int decoderHeads,
        int decoderMlpHidden,
        double decoderLayerNormEps,
        double decoderNormEps,
        double maskRatio) {

    /** VideoMAE's pretraining mask ratio. */
    public static final double DEFAULT_MASK_RATIO = 0.9;

    /**
     * @throws InvalidModelException when the sizes do not fit together
     */
    public MaskedAutoencoderArchitecture {
        if (encoder.float16()) {
            throw new InvalidModelException("an anomaly model computes in float32 (its score is a mean squared error "
                    + "of normalized pixels); found float16");
        }
        if (decoderWidth <= 0 || decoderDepth <= 0 || decoderHeads <= 0 || decoderMlpHidden <= 0) {
            throw new InvalidModelException("decoder sizes must be positive, found width " + decoderWidth + ", depth "
                    + decoderDepth + ", heads " + decoderHeads + ", MLP " + decoderMlpHidden);
        }
        if (decoderWidth % decoderHeads != 0) {
            throw new InvalidModelException(
                    "the decoder width must be a multiple of its heads (" + decoderHeads + "), found " + decoderWidth);
        }
        masks(encoder, maskRatio);
    }

    /**
     * VideoMAE's pretraining shapes: the decoder of the encoder's size (ViT-S 192 wide, 3 heads; ViT-B 384, 6;
     * ViT-L 512, 8; 4 blocks, MLP 4×; the tiny test size 32 wide, 1 block, 2 heads), 1e-6 LayerNorms.
     *
     * @param encoder the encoder (its head fields are not used)
     * @param size the encoder's size
     * @param maskRatio the masks' ratio
     * @return the masked autoencoder
     */
    public static MaskedAutoencoderArchitecture of(
            VideoMaeArchitecture encoder, VideoMaeArchitecture.Size size, double maskRatio) {
        int[] decoder = switch (size) {
            case TINY -> new int[] {32, 1, 2};
            case SMALL -> new int[] {192, 4, 3};
            case BASE -> new int[] {384, 4, 6};
            case LARGE -> new int[] {512, 4, 8};
        };
        return new MaskedAutoencoderArchitecture(
                encoder, true, decoder[0], decoder[1], decoder[2], 4 * decoder[0], 1e-6, 1e-6, maskRatio);
    }

    private static TubeMasks masks(VideoMaeArchitecture encoder, double maskRatio) {
        int side = encoder.imageSize() / encoder.patchSize();
        return new TubeMasks(side * side, encoder.numFrames() / encoder.tubeletSize(), TubeMasks.countFor(maskRatio));
    }

    /** @return the tube masks the score runs */
    public TubeMasks masks() {
        return masks(encoder, maskRatio);
    }

    /** @return values the decoder predicts per token: 3 × tubelet × patch × patch */
    public int valuesPerToken() {
        return 3 * encoder.tubeletSize() * encoder.patchSize() * encoder.patchSize();
    }

    /** @return the decoder blocks' geometry (plain or fused attention as the encoder's) */
    TransformerBlocks.Geometry decoderGeometry() {
        return new TransformerBlocks.Geometry(
                decoderWidth,
                decoderDepth,
                decoderHeads,
                decoderMlpHidden,
                decoderLayerNormEps,
                false,
                false,
                encoder.fusedAttention(),
                false);
    }

    /**
     * @return every weight the graph is built from, by its name in the authors' pretraining state dict,
     *     with its PyTorch shape, in the order the builder asks for them
     */
    public LinkedHashMap<String, int[]> weightShapes() {
        LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
        encoder.weightShapes().forEach((name, shape) -> {
            if (name.startsWith("patch_embed.") || name.startsWith("blocks.")) {
                shapes.put("encoder." + name, shape);
            }
        });
        int d = encoder.hiddenSize();
        if (encoderNorm) {
            shapes.put("encoder.norm.weight", new int[] {d});
            shapes.put("encoder.norm.bias", new int[] {d});
        }
        shapes.put("encoder_to_decoder.weight", new int[] {decoderWidth, d});
        shapes.put("mask_token", new int[] {1, 1, decoderWidth});
        VideoMaeArchitecture decoder = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                .hiddenSize(decoderWidth)
                .depth(decoderDepth)
                .heads(decoderHeads)
                .mlpHidden(decoderMlpHidden)
                .build();
        decoder.weightShapes().forEach((name, shape) -> {
            if (name.startsWith("blocks.")) {
                shapes.put("decoder." + name, shape);
            }
        });
        shapes.put("decoder.norm.weight", new int[] {decoderWidth});
        shapes.put("decoder.norm.bias", new int[] {decoderWidth});
        shapes.put("decoder.head.weight", new int[] {valuesPerToken(), decoderWidth});
        shapes.put("decoder.head.bias", new int[] {valuesPerToken()});
        return shapes;
    }

    /** @return number of weights */
    public long parameterCount() {
        long count = 0;
        for (int[] shape : weightShapes().values()) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            count += n;
        }
        return count;
    }
}
