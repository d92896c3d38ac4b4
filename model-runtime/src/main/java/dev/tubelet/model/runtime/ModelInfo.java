package dev.tubelet.model.runtime;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import java.nio.file.Path;

/**
 * What an open model is: identity, where it runs, and the shapes it was validated for.
 *
 * @param name short model name (directory or file name)
 * @param onnxFile the graph file
 * @param sha256 hex SHA-256 of the graph file (and its external data)
 * @param provider the execution provider it runs on; null for a model only inspected, not opened
 * @param layout the input layout
 * @param float16 whether the graph's input and output are float16
 * @param frames frames per clip
 * @param height input height
 * @param width input width
 * @param fixedBatch the graph's fixed batch size, or 0 for a dynamic batch
 * @param labels class names
 * @param problemType single- or multi-label
 * @param preprocessor the preprocessing the model expects
 */
public record ModelInfo(
        String name,
        Path onnxFile,
        String sha256,
        ExecutionProvider provider,
        InputLayout layout,
        boolean float16,
        int frames,
        int height,
        int width,
        int fixedBatch,
        LabelSet labels,
        ProblemType problemType,
        PreprocessorConfig preprocessor) {

    /**
     * @param value where it runs
     * @return this with the provider set
     */
    public ModelInfo withProvider(ExecutionProvider value) {
        return new ModelInfo(
                name,
                onnxFile,
                sha256,
                value,
                layout,
                float16,
                frames,
                height,
                width,
                fixedBatch,
                labels,
                problemType,
                preprocessor);
    }
}
