package dev.tubelet.jobs.pipeline;

import dev.tubelet.model.runtime.AnomalyScorer;
import dev.tubelet.model.runtime.ClassifierOptions;
import dev.tubelet.model.runtime.ClipClassifier;
import dev.tubelet.model.runtime.ClipDetector;
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
 * Reads and checks the job's models before anything starts, to validate them and learn their
 * shapes and preprocessing: a bad model stops the job (or the command) here with its one-line
 * message, not later on a TaskManager. The VideoMAE models are read from their files without a
 * session, so the process that submits the job (a JobManager, a CI runner) needs no GPU even when
 * the TaskManagers must have one ({@code --require-gpu} is enforced where the model runs).
 */
public final class ModelInspection {
    private ModelInspection() {}

    /**
     * @param model a model directory or .onnx file
     * @return what the classification model is; its provider is null (it is chosen where it runs)
     * @throws dev.tubelet.model.InvalidModelException when it is missing, corrupt or does not fit
     */
    public static ModelInfo classifier(Path model) {
        return ClipClassifier.inspect(ClassifierOptions.builder(model).build());
    }

    /**
     * Opens a detection model and checks that it takes the classifier's frames: the window's
     * frames, preprocessed once, feed both models.
     *
     * @param model the detection model directory
     * @param classifier what the classification model is
     * @return what the detection model is
     * @throws IllegalArgumentException when it takes other frames or another preprocessing
     */
    public static ModelInfo detector(Path model, ModelInfo classifier) {
        ModelInfo info = ClipDetector.inspect(ClassifierOptions.builder(model).build());
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
     * Reads an anomaly model and checks that it takes the classifier's frames: the window's frames,
     * preprocessed once, feed both models.
     *
     * @param model the anomaly model directory
     * @param classifier what the classification model is
     * @return what the anomaly model is
     * @throws IllegalArgumentException when it takes other frames or another preprocessing
     */
    public static ModelInfo anomalyModel(Path model, ModelInfo classifier) {
        ModelInfo info = AnomalyScorer.inspect(ClassifierOptions.builder(model).build());
        if (info.frames() != classifier.frames()
                || info.height() != classifier.height()
                || info.width() != classifier.width()
                || !info.preprocessor().equals(classifier.preprocessor())) {
            throw new IllegalArgumentException("--anomaly-model " + model + ": expected the classifier's input ("
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
                    // opened to be validated only: on CPU, whatever the TaskManagers will require
                    sources.execution().forValidation(),
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
