package dev.tubelet.model.checkpoint;

import dev.tubelet.model.InputLayout;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to import and how.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.builder(Path.of("checkpoint.pth"), Path.of("models/k400"))
 *         .labels(Path.of("kinetics400.txt")).build();
 * }</pre>
 *
 * @param checkpoint a safetensors file or a PyTorch zip checkpoint
 * @param out the model directory to write
 * @param config a Hugging Face config.json (default: the one beside the checkpoint, if any)
 * @param preprocessor a preprocessor_config.json (default: the one beside the checkpoint, else VideoMAE's)
 * @param labels class names, one per line (default: config.json's id2label)
 * @param float16 write a graph that computes in float16 (weights, input, output; LayerNorm statistics, softmax
 *     and the head in float32)
 * @param fusedAttention write attention as ONNX Runtime's fused MultiHeadAttention (else the plain pattern)
 * @param frames frames per clip, when no config.json says (default 16)
 * @param imageSize input size, when no config.json says (default 224)
 * @param heads attention heads, when no config.json says and the width is not a standard ViT's
 * @param layout input layout of the written graph
 * @param decoderHeads a pretraining checkpoint's decoder attention heads, when no config.json says and its
 *     width is not one of VideoMAE's decoders'
 * @param maskRatio a pretraining checkpoint's mask ratio for the anomaly score (default: config.json's
 *     mask_ratio, else 0.9)
 */
public record ImportOptions(
        Path checkpoint,
        Path out,
        Optional<Path> config,
        Optional<Path> preprocessor,
        Optional<Path> labels,
        boolean float16,
        boolean fusedAttention,
        Optional<Integer> frames,
        Optional<Integer> imageSize,
        Optional<Integer> heads,
        InputLayout layout,
        Optional<Integer> decoderHeads,
        Optional<Double> maskRatio) {

    public ImportOptions {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(layout, "layout");
    }

    /**
     * @param checkpoint the checkpoint file
     * @param out the model directory to write
     * @return a builder with the defaults
     */
    public static Builder builder(Path checkpoint, Path out) {
        return new Builder(checkpoint, out);
    }

    /** Builds {@link ImportOptions}. */
    public static final class Builder {
        private final Path checkpoint;
        private final Path out;
        private Path config;
        private Path preprocessor;
        private Path labels;
        private boolean float16;
        private boolean fusedAttention = true;
        private Integer frames;
        private Integer imageSize;
        private Integer heads;
        private InputLayout layout = InputLayout.BTCHW;
        private Integer decoderHeads;
        private Double maskRatio;

        private Builder(Path checkpoint, Path out) {
            this.checkpoint = checkpoint;
            this.out = out;
        }

        public Builder config(Path value) {
            this.config = value;
            return this;
        }

        public Builder preprocessor(Path value) {
            this.preprocessor = value;
            return this;
        }

        public Builder labels(Path value) {
            this.labels = value;
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

        public Builder frames(Integer value) {
            this.frames = value;
            return this;
        }

        public Builder imageSize(Integer value) {
            this.imageSize = value;
            return this;
        }

        public Builder heads(Integer value) {
            this.heads = value;
            return this;
        }

        public Builder layout(InputLayout value) {
            this.layout = value;
            return this;
        }

        public Builder decoderHeads(Integer value) {
            this.decoderHeads = value;
            return this;
        }

        public Builder maskRatio(Double value) {
            this.maskRatio = value;
            return this;
        }

        public ImportOptions build() {
            return new ImportOptions(
                    checkpoint,
                    out,
                    Optional.ofNullable(config),
                    Optional.ofNullable(preprocessor),
                    Optional.ofNullable(labels),
                    float16,
                    fusedAttention,
                    Optional.ofNullable(frames),
                    Optional.ofNullable(imageSize),
                    Optional.ofNullable(heads),
                    layout,
                    Optional.ofNullable(decoderHeads),
                    Optional.ofNullable(maskRatio));
        }
    }
}
