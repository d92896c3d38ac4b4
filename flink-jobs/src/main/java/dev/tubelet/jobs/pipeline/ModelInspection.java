package dev.tubelet.jobs.pipeline;

import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ClipDetector;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.runtime.ModelInfo;
import dev.tubelet.model.runtime.PersonDetector;
import dev.tubelet.operators.boxes.BoxOrigin;
import dev.tubelet.operators.boxes.BoxSourceSpec;
import dev.tubelet.operators.boxes.BoxSources;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens the job's models once before anything starts, without warm-up, to validate them and learn
 * their shapes and preprocessing: a bad model stops the job (or the command) here with its
 * one-line message, not later on a TaskManager.
 */
public final class ModelInspection {
    private ModelInspection() {}

    /**
     * @param model a model directory or .onnx file
     * @param execution where it would run
     * @return what the classification model is
     * @throws dev.tubelet.model.InvalidModelException when it is missing, corrupt or does not fit
     */
    public static ModelInfo classifier(Path model, ExecutionOptions execution) {
        try (ClipClassifier classifier = ClipClassifier.open(ClassifierOptions.builder(model)
                .execution(execution)
                .warmUp(false)
                .build())) {
            return classifier.info();
        }
    }

    /**
     * Opens a detection model and checks that it takes the classifier's frames: the window's
     * frames, preprocessed once, feed both models.
     *
     * @param model the detection model directory
     * @param execution where it would run
     * @param classifier what the classification model is
     * @return what the detection model is
     * @throws IllegalArgumentException when it takes other frames or another preprocessing
     */
    public static ModelInfo detector(Path model, ExecutionOptions execution, ModelInfo classifier) {
        ModelInfo info;
        try (ClipDetector detector = ClipDetector.open(ClassifierOptions.builder(model)
                .execution(execution)
                .warmUp(false)
                .build())) {
            info = detector.info();
        }
        if (info.frames() != classifier.frames()
                || info.height() != classifier.height()
                || info.width() != classifier.width()
                || !info.preprocessor().equals(classifier.preprocessor())) {
            throw new IllegalArgumentException("--detect-model " + model + ": expected the classifier's input ("
                    + describe(classifier) + "), since the window's frames feed both models; found " + describe(info));
        }
        return info;
    }

    /**
     * Opens every person detector the box sources name, once.
     *
     * @param sources the box sources
     * @throws dev.tubelet.model.InvalidModelException when a YOLO model is missing or misshapen
     */
    public static void personDetectors(BoxSources sources) {
        Set<String> models = new TreeSet<>();
        for (BoxSourceSpec source : sources.all()) {
            if (source.origin() == BoxOrigin.DETECTOR) {
                models.add(source.detectorModel());
            }
        }
        BoxSources.DetectorSettings d = sources.detector();
        for (String model : models) {
            try (PersonDetector detector = PersonDetector.open(new PersonDetector.Options(
                    Path.of(model),
                    sources.execution(),
                    null,
                    d.classId(),
                    d.scoreThreshold(),
                    d.iouThreshold(),
                    d.maxBoxes(),
                    640))) {
                // opened and validated
            }
        }
    }

    private static String describe(ModelInfo m) {
        var p = m.preprocessor();
        return m.frames() + " frames of " + m.height() + "x" + m.width() + ", shortest edge " + p.shortestEdge() + ", "
                + p.resample().name().toLowerCase(Locale.ROOT) + ", mean " + Arrays.toString(p.imageMean());
    }
}
