package dev.tubelet.model.graph;

import dev.tubelet.model.config.AnomalyConfig;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model directory the runtime loads: {@code model.onnx} (plus {@code model.onnx.data}
 * when the weights must live outside it), {@code config.json} and {@code preprocessor_config.json}.
 *
 * <pre>{@code
 * VideoMaeArchitecture arch = VideoMaeArchitecture.builder(Size.SMALL).numClasses(400).build();
 * new ModelDirectoryWriter(arch, new SeededWeights(7)).write(Path.of("m"));
 * }</pre>
 */
public final class ModelDirectoryWriter {
    /** Protobuf refuses messages over 2 GB; keep a margin for the graph itself. */
    public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD = 1_800_000_000L;

    private final VideoMaeArchitecture arch;
    private final WeightSource weights;
    private LabelSet labels;
    private PreprocessorConfig preprocessor;
    private long externalDataThreshold = DEFAULT_EXTERNAL_DATA_THRESHOLD;
    private ModelTask task = ModelTask.CLASSIFICATION;
    private boolean passThrough;

    /**
     * @param arch the architecture
     * @param weights the weights
     */
    public ModelDirectoryWriter(VideoMaeArchitecture arch, WeightSource weights) {
        this.arch = arch;
        this.weights = weights;
        this.labels = LabelSet.unnamed(arch.numClasses());
    }

    /**
     * @param value class names; must have one per class
     * @return this
     * @throws IllegalArgumentException when the count differs from the architecture's classes
     */
    public ModelDirectoryWriter labels(LabelSet value) {
        if (value.size() != arch.numClasses()) {
            throw new IllegalArgumentException(
                    "the head has " + arch.numClasses() + " classes, the labels name " + value.size());
        }
        this.labels = value;
        return this;
    }

    /**
     * @param value the preprocessing to write beside the model (default: VideoMAE's at the input size)
     * @return this
     */
    public ModelDirectoryWriter preprocessor(PreprocessorConfig value) {
        this.preprocessor = value;
        return this;
    }

    /**
     * @param value classification (default) or detection (RoIAlign head, inputs pixel_values and rois)
     * @return this
     */
    public ModelDirectoryWriter task(ModelTask value) {
        this.task = value;
        return this;
    }

    /**
     * @param value write the {@link PassThroughGraphBuilder pass-through model} (VideoMAE's contract,
     *     one pass over the input) instead of VideoMAE; classification only
     * @return this
     */
    public ModelDirectoryWriter passThrough(boolean value) {
        this.passThrough = value;
        return this;
    }

    /**
     * @param bytes weight bytes above which they go to {@code model.onnx.data}
     * @return this
     */
    public ModelDirectoryWriter externalDataThreshold(long bytes) {
        this.externalDataThreshold = bytes;
        return this;
    }

    /**
     * @param dir the directory to write (created if missing; existing model files are replaced)
     * @return the model file
     * @throws IOException when writing fails
     */
    public Path write(Path dir) throws IOException {
        if (passThrough && task != ModelTask.CLASSIFICATION) {
            throw new IllegalArgumentException("the pass-through model classifies clips; found task " + task);
        }
        Files.createDirectories(dir);
        Path onnx = dir.resolve("model.onnx");
        Path data = dir.resolve("model.onnx.data");
        Files.deleteIfExists(data);
        long weightBytes = arch.parameterCount() * (arch.float16() ? 2 : 4);
        boolean external = !passThrough && weightBytes > externalDataThreshold;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(onnx), 1 << 20)) {
            if (passThrough) {
                new PassThroughGraphBuilder(arch, weights).write(out);
            } else {
                new VideoMaeGraphBuilder(arch, weights, task).write(out, external ? data : null);
            }
        }
        arch.toConfig().write(dir.resolve("config.json"), labels);
        if (task == ModelTask.DETECTION || passThrough) {
            // for people reading the directory; the runtime needs neither
            Path config = dir.resolve("config.json");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode root =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
            if (passThrough) {
                root.put("tubelet_pass_through", true);
            } else {
                root.put("tubelet_task", "detection");
                root.put("tubelet_roi_resolution", VideoMaeGraphBuilder.ROI_RESOLUTION);
            }
            json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), root);
        }
        (preprocessor != null ? preprocessor : PreprocessorConfig.videoMaeDefaults(arch.imageSize()))
                .write(dir.resolve("preprocessor_config.json"));
        return onnx;
    }

    /**
     * Writes an anomaly model directory: the {@link MaskedAutoencoderGraphBuilder reconstruction score's
     * graph}, a config.json with the encoder's fields, {@code "task": "anomaly"}, the mask ratio and the
     * decoder's geometry, and the preprocessing (whose normalization the score's targets undo).
     *
     * @param arch the masked autoencoder
     * @param weights its weights, by the authors' pretraining names
     * @param preprocessor the preprocessing
     * @param dir the directory to write
     * @return the model file
     * @throws IOException when writing fails
     */
    public static Path writeAnomaly(
            MaskedAutoencoderArchitecture arch, WeightSource weights, PreprocessorConfig preprocessor, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Path onnx = dir.resolve("model.onnx");
        Path data = dir.resolve("model.onnx.data");
        Files.deleteIfExists(data);
        boolean external = arch.parameterCount() * 4 > DEFAULT_EXTERNAL_DATA_THRESHOLD;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(onnx), 1 << 20)) {
            new MaskedAutoencoderGraphBuilder(arch, weights, preprocessor).write(out, external ? data : null);
        }
        com.fasterxml.jackson.databind.node.ObjectNode config =
                arch.encoder().toConfig().toJson(LabelSet.unnamed(1));
        config.remove(java.util.List.of("id2label", "label2id", "problem_type", "use_mean_pooling"));
        new AnomalyConfig(
                        arch.maskRatio(),
                        arch.masks().count(),
                        arch.decoderWidth(),
                        arch.decoderDepth(),
                        arch.decoderHeads(),
                        arch.decoderMlpHidden())
                .addTo(config);
        new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("config.json").toFile(), config);
        preprocessor.write(dir.resolve("preprocessor_config.json"));
        return onnx;
    }
}
