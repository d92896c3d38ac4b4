package dev.tubelet.jobs.cli;

import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ClipDetector;
import dev.tubelet.model.runtime.PersonDetector;
import dev.tubelet.operators.boxes.BoxOrigin;
import dev.tubelet.operators.boxes.BoxSources;
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
     * Opens a detection model once, without warm-up, and checks that it takes the classifier's
     * frames: the window's frames, preprocessed once, feed both models.
     *
     * @param model the detection model directory
     * @param runtime where it would run
     * @param classifier what the classification model is
     * @return what the detection model is
     * @throws IllegalArgumentException when it takes other frames or another preprocessing
     */
    static ModelInfo inspectDetector(Path model, RuntimeOptions runtime, ModelInfo classifier) {
        ModelInfo info;
        try (ClipDetector detector = ClipDetector.open(ClassifierOptions.builder(model).execution(runtime.toExecutionOptions())
                .warmUp(false).build())) {
            info = detector.info();
        }
        if (info.frames() != classifier.frames() || info.height() != classifier.height() || info.width() != classifier.width()
                || !info.preprocessor().equals(classifier.preprocessor())) {
            throw new IllegalArgumentException("--detect-model " + model + ": expected the classifier's input (" + describe(classifier)
                    + "), since the window's frames feed both models; found " + describe(info));
        }
        return info;
    }

    /**
     * Opens every person detector the box sources name, once, so that a missing or misshapen YOLO
     * model stops the command with its one-line message instead of failing on the cluster.
     *
     * @param sources the box sources
     */
    static void checkDetectors(BoxSources sources) {
        java.util.Set<String> models = new java.util.TreeSet<>();
        if (sources.defaults().origin() == BoxOrigin.DETECTOR) {
            models.add(sources.defaults().detectorModel());
        }
        sources.perCamera().values().stream().filter(s -> s.origin() == BoxOrigin.DETECTOR).forEach(s -> models.add(s.detectorModel()));
        for (String model : models) {
            BoxSources.DetectorSettings d = sources.detector();
            try (PersonDetector detector = PersonDetector.open(new PersonDetector.Options(Path.of(model), sources.execution(), null,
                    d.classId(), d.scoreThreshold(), d.iouThreshold(), d.maxBoxes(), 640))) {
                // opened and validated
            }
        }
    }

    private static String describe(ModelInfo m) {
        var p = m.preprocessor();
        return m.frames() + " frames of " + m.height() + "x" + m.width() + ", shortest edge " + p.shortestEdge() + ", "
                + p.resample().name().toLowerCase(java.util.Locale.ROOT) + ", mean " + java.util.Arrays.toString(p.imageMean());
    }

    /**
     * @param dir where to write
     * @param like the classifier, whose frames and input size the detector must share
     * @return a tiny detection model (RoIAlign head, 80 multi-label classes as AVA) with synthetic weights
     */
    static Path writeTinyDetector(Path dir, ModelInfo like) throws IOException {
        VideoMaeArchitecture.Builder arch = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY).numClasses(80).useMeanPooling(false)
                .problemType(dev.tubelet.model.config.ProblemType.MULTI_LABEL).numFrames(like.frames()).imageSize(like.height());
        new ModelDirectoryWriter(arch.build(), new SeededWeights(1)).task(dev.tubelet.model.graph.ModelTask.DETECTION).write(dir);
        return dir;
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
