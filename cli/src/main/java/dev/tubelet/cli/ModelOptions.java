package dev.tubelet.cli;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.runtime.ClassifierOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model to open, and what to assume where a bare .onnx file does not say. */
final class ModelOptions {
    @Option(
            names = "--model",
            paramLabel = "PATH",
            required = true,
            description = "Model directory (model.onnx + config.json + preprocessor_config.json) or an .onnx file.")
    Path model;

    @Option(
            names = "--layout",
            paramLabel = "BTCHW|BCTHW",
            converter = GenModelCommand.LayoutConverter.class,
            description = "Input layout, when the model's input shape cannot tell (dynamic axes).")
    InputLayout layout;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line, instead of config.json's id2label.")
    Path labels;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Refuse the model unless its file has this SHA-256.")
    String sha256;

    @Option(
            names = "--num-frames",
            paramLabel = "T",
            description = "Frames per clip for a bare .onnx file (default: config.json's num_frames, else 16).")
    Integer numFrames;

    ClassifierOptions.Builder toBuilder() {
        return ClassifierOptions.builder(model)
                .layout(layout)
                .labelsFile(labels)
                .sha256(sha256)
                .frames(numFrames);
    }
}
