package dev.tubelet.jobs.cli;

import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ModelInfo;
import java.io.IOException;
import java.nio.file.Path;

/** Model chores the job-running commands share. */
final class Models {
    private Models() {}

    /**
     * Opens a model once, without warm-up, to validate it and learn its shapes and preprocessing
     * (a bad model stops the command here with its one-line message).
     *
     * @param model a model directory or .onnx file
     * @param runtime where it would run
     * @return what the model is
     */
    static ModelInfo inspect(Path model, RuntimeOptions runtime) {
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model).execution(runtime.toExecutionOptions())
                .warmUp(false).build())) {
            return classifier.info();
        }
    }

    /**
     * @param dir where to write
     * @return a tiny VideoMAE (16×224×224) with synthetic weights, fast enough that the pipeline, not the model, is what runs
     */
    static Path writeTiny(Path dir) throws IOException {
        new ModelDirectoryWriter(VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY).build(), new SeededWeights(0)).write(dir);
        return dir;
    }
}
