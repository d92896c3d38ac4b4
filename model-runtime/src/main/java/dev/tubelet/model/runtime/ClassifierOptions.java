package dev.tubelet.model.runtime;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.ProblemType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a classification model.
 *
 * <pre>{@code
 * ClassifierOptions options = ClassifierOptions.builder(Path.of("models/videomae-k400"))
 *         .frames(16).execution(ExecutionOptions.auto()).maxBatch(8).build();
 * }</pre>
 *
 * <p>Options override what the model's config.json says; for a bare {@code .onnx} file they are
 * where frames, layout, labels and problem type come from.
 *
 * @param model a model directory or an .onnx file
 * @param frames the window length T, or empty for config.json's {@code num_frames} (16 without one)
 * @param layout the input layout when the graph's shape cannot tell (both axes dynamic)
 * @param labelsFile one class name per line, overriding config.json's {@code id2label}
 * @param problemType single- or multi-label, overriding config.json
 * @param imageSize input size for a bare .onnx with dynamic height and width and no preprocessor config
 * @param sha256 the model file's expected SHA-256 (hex), or empty for no check
 * @param execution providers and threads
 * @param maxBatch clips per run for a dynamic-batch graph (a fixed-batch graph uses its own size); 0 for the
 *     provider's default: {@value #GPU_BATCH} on a GPU, {@value #CPU_BATCH} on CPU
 * @param warmUp run one full batch when the session opens, so the first real clip does not pay for lazy
 *     initialization and a provider that cannot run the model falls back at once
 * @param pixelInput whether the model gets 8-bit planes that a prologue in the graph normalizes (bit-equal to
 *     the runtime's own normalization), or the runtime's normalized values
 */
public record ClassifierOptions(
        Path model,
        Optional<Integer> frames,
        Optional<InputLayout> layout,
        Optional<Path> labelsFile,
        Optional<ProblemType> problemType,
        Optional<Integer> imageSize,
        Optional<String> sha256,
        ExecutionOptions execution,
        int maxBatch,
        boolean warmUp,
        PixelInput pixelInput) {

    /** Clips per run on a GPU when none is given: a GPU needs full batches to be busy. */
    public static final int GPU_BATCH = 32;

    /** Clips per run on CPU when none is given. */
    public static final int CPU_BATCH = 8;

    /**
     * @param provider where the model runs
     * @return clips per run for a dynamic-batch graph there
     */
    public int maxBatchOn(ExecutionProvider provider) {
        return maxBatch > 0 ? maxBatch : provider.isGpu() ? GPU_BATCH : CPU_BATCH;
    }

    /**
     * @param value the problem type to use whatever config.json says
     * @return these options with it
     */
    public ClassifierOptions withProblemType(ProblemType value) {
        return new ClassifierOptions(
                model,
                frames,
                layout,
                labelsFile,
                Optional.of(value),
                imageSize,
                sha256,
                execution,
                maxBatch,
                warmUp,
                pixelInput);
    }

    /**
     * @throws IllegalArgumentException when a number is not positive
     */
    public ClassifierOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(execution, "execution");
        if (maxBatch < 0) {
            throw new IllegalArgumentException(
                    "maxBatch must be positive (or 0 for the provider's default), found " + maxBatch);
        }
        frames.ifPresent(f -> {
            if (f <= 0) {
                throw new IllegalArgumentException("frames must be positive, found " + f);
            }
        });
        imageSize.ifPresent(s -> {
            if (s <= 0) {
                throw new IllegalArgumentException("imageSize must be positive, found " + s);
            }
        });
    }

    /**
     * @param model a model directory or an .onnx file
     * @return a builder with the defaults: auto provider, the provider's batch size, warm-up on
     */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /** Builds {@link ClassifierOptions}. */
    public static final class Builder {
        private final Path model;
        private Integer frames;
        private InputLayout layout;
        private Path labelsFile;
        private ProblemType problemType;
        private Integer imageSize;
        private String sha256;
        private ExecutionOptions execution = ExecutionOptions.auto();
        private int maxBatch;
        private boolean warmUp = true;
        private PixelInput pixelInput = PixelInput.AUTO;

        private Builder(Path model) {
            this.model = model;
        }

        public Builder frames(Integer value) {
            this.frames = value;
            return this;
        }

        public Builder layout(InputLayout value) {
            this.layout = value;
            return this;
        }

        public Builder labelsFile(Path value) {
            this.labelsFile = value;
            return this;
        }

        public Builder problemType(ProblemType value) {
            this.problemType = value;
            return this;
        }

        public Builder imageSize(Integer value) {
            this.imageSize = value;
            return this;
        }

        public Builder sha256(String value) {
            this.sha256 = value;
            return this;
        }

        public Builder execution(ExecutionOptions value) {
            this.execution = value;
            return this;
        }

        public Builder maxBatch(int value) {
            this.maxBatch = value;
            return this;
        }

        public Builder warmUp(boolean value) {
            this.warmUp = value;
            return this;
        }

        public Builder pixelInput(PixelInput value) {
            this.pixelInput = java.util.Objects.requireNonNull(value, "pixelInput");
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when a value is out of range
         */
        public ClassifierOptions build() {
            return new ClassifierOptions(
                    model,
                    Optional.ofNullable(frames),
                    Optional.ofNullable(layout),
                    Optional.ofNullable(labelsFile),
                    Optional.ofNullable(problemType),
                    Optional.ofNullable(imageSize),
                    Optional.ofNullable(sha256),
                    execution,
                    maxBatch,
                    warmUp,
                    pixelInput);
        }
    }
}
