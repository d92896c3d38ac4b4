package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtException;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.AnomalyConfig;
import dev.tubelet.model.config.VideoMaeConfig;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A VideoMAE masked autoencoder on ONNX Runtime as an anomaly model: clips in, reconstruction
 * scores out ({@link AnomalyScore}). The model is a directory written by {@code tubelet import} from
 * a pretraining checkpoint: its graph takes {@code pixel_values} as a classifier does and gives
 * {@code token_errors [batch, tokens]}, every tube mask run inside it; its config.json says
 * {@code "task": "anomaly"}, the mask ratio and the masks.
 *
 * <pre>{@code
 * try (AnomalyScorer model = AnomalyScorer.open(ClassifierOptions.builder(Path.of("mae")).build())) {
 *     FramePreprocessor pre = model.newPreprocessor();
 *     AnomalyScore s = model.score(List.of(new Clip(frames.stream().map(pre::preprocess).toList()))).get(0);
 * }
 * }</pre>
 *
 * <p>Opening, validation, session sharing, providers and the pooled input buffers work as for the
 * classifier; a classifier is refused here and an anomaly model is refused as a classifier.
 * Thread-safe; {@link #close} waits for calls in flight.
 */
public final class AnomalyScorer extends SessionClipModel<AnomalyScore> {
    /** The graph's output. */
    public static final String OUTPUT = "token_errors";

    private final AnomalyConfig config;
    private final int slices;
    private final int rows;
    private final int columns;

    private AnomalyScorer(ModelSession model, AnomalyConfig config, VideoMaeConfig encoder) {
        super(model);
        this.config = config;
        ModelSignature s = model.signature();
        this.slices = s.frames() / encoder.tubeletSize();
        this.rows = s.height() / encoder.patchSize();
        this.columns = s.width() / encoder.patchSize();
        if (s.classes() > 0 && s.classes() != slices * rows * columns) {
            throw new InvalidModelException(model.info().onnxFile().getFileName() + ": gives " + s.classes()
                    + " token errors, its config.json makes " + slices + "x" + rows + "x" + columns + " tokens");
        }
    }

    /**
     * @param options the model and how to run it (labels and problem type are not used)
     * @return the open scorer; close it when done
     * @throws InvalidModelException when the model is missing, not an anomaly model or does not fit
     * @throws GpuUnavailableException when a GPU is required and none works
     */
    public static AnomalyScorer open(ClassifierOptions options) {
        Path configFile = anomalyConfig(options);
        AnomalyConfig config = AnomalyConfig.read(configFile);
        VideoMaeConfig encoder = VideoMaeConfig.read(configFile);
        ModelSession session = ModelSession.open(options, ModelSession.Graph.ANOMALY);
        try {
            return new AnomalyScorer(session, config, encoder);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * @param model a model directory or .onnx file
     * @return whether a config.json beside it says {@code "task": "anomaly"}
     */
    public static boolean isAnomalyModel(Path model) {
        return ModelFiles.locate(model).config().map(AnomalyConfig::isAnomaly).orElse(false);
    }

    /**
     * Reads and checks an anomaly model without opening it (see {@link ClipClassifier#inspect}).
     *
     * @param options the model and its window
     * @return what the model is; its provider is null
     */
    public static ModelInfo inspect(ClassifierOptions options) {
        AnomalyConfig.read(anomalyConfig(options));
        return ModelSession.inspectOnly(options, ModelSession.Graph.ANOMALY);
    }

    private static Path anomalyConfig(ClassifierOptions options) {
        ModelFiles files = ModelFiles.locate(options.model());
        return files.config()
                .orElseThrow(() -> new InvalidModelException(options.model() + ": expected an anomaly model directory "
                        + "(model.onnx + config.json with \"task\": \"anomaly\", written by tubelet import from a "
                        + "pretraining checkpoint), found no config.json"));
    }

    /** @return the mask ratio and the masks the graph runs */
    public AnomalyConfig config() {
        return config;
    }

    /** @return time slices T′ of the token grid */
    public int slices() {
        return slices;
    }

    /** @return token rows H′ */
    public int rows() {
        return rows;
    }

    /** @return token columns W′ */
    public int columns() {
        return columns;
    }

    /**
     * Scores clips, in batches of {@link #batchCapacity()}: {@link #fill} then {@link #run} for each.
     *
     * @param clips clips of {@code frames} frames at the model's input size
     * @return one score per clip, in order
     * @throws OrtException when ONNX Runtime fails
     */
    public List<AnomalyScore> score(List<Clip> clips) throws OrtException {
        return model.inBatches(clips, this::run);
    }

    /**
     * Runs a filled batch and gives its buffer back to the pool.
     *
     * @param batch from {@link #fill}
     * @return one score per clip, in order
     * @throws OrtException when ONNX Runtime fails (or the run was cancelled by {@link #close})
     */
    @Override
    public List<AnomalyScore> run(FilledBatch batch) throws OrtException {
        int tokens = slices * rows * columns;
        return model.runPixels(batch, (output, clips, scores) -> {
            long[] shape = output.getInfo().getShape();
            if (shape.length != 2 || shape[1] != tokens) {
                throw new IllegalStateException("the anomaly model gave " + java.util.Arrays.toString(shape)
                        + " token errors, expected [" + batch.runSize + ", " + tokens + "]");
            }
            FloatBuffer errors = output.getFloatBuffer();
            for (int i = 0; i < clips; i++) {
                float[] row = new float[tokens];
                errors.get(i * tokens, row);
                scores.add(AnomalyScore.of(row, slices, rows, columns));
            }
        });
    }
}
