package dev.tubelet.model.runtime;

import dev.tubelet.model.ErrorMessages;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.config.VideoMaeConfig;
import dev.tubelet.model.postprocess.Prediction;
import dev.tubelet.model.postprocess.ScoreActivation;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.PixelNormalizer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VideoMAE classification model on ONNX Runtime: clips in, predictions out.
 *
 * <p>{@code
 * try (ClipClassifier model = ClipClassifier.open(ClassifierOptions.builder(Path.of("m")).build())) {
 *     FramePreprocessor pre = model.newPreprocessor();
 *     Clip clip = new Clip(frames.stream().map(pre::preprocess).toList());
 *     Prediction p = model.infer(List.of(clip)).get(0);
 *     p.top(5);
 * }
 * }
 *
 * <p>Opening validates the graph against the window and the preprocessing and refuses a model
 * that does not fit ({@link InvalidModelException}, one line naming what was expected and what
 * was found). The session is shared with every other classifier of the same model and settings
 * in the JVM. {@link #infer} is thread-safe: each call fills one of a pool of reused direct
 * buffers, splits the clips into the graph's batch size (padding the last batch of a
 * fixed-batch graph) and runs them.
 */
public final class ClipClassifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClipClassifier.class);

    private final SessionRegistry.SharedSession shared;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final ModelSignature signature;
    private final ModelInfo info;
    private final ScoreActivation activation;
    private final ClipTensorWriter writer;
    private final int batchCapacity;
    private final ConcurrentLinkedQueue<InputBatch> buffers = new ConcurrentLinkedQueue<>();
    private volatile LabelSet labels;

    private ClipClassifier(SessionRegistry.SharedSession shared, ModelSignature signature, ModelInfo info, int maxBatch) {
        this.shared = shared;
        this.session = shared.session();
        this.env = OrtEnvironments.shared();
        this.signature = signature;
        this.info = info;
        this.labels = info.labels();
        this.activation = ScoreActivation.forProblem(info.problemType());
        this.writer = new ClipTensorWriter(signature.layout(), new PixelNormalizer(info.preprocessor()),
                signature.frames(), signature.height(), signature.width());
        this.batchCapacity = signature.fixedBatch() > 0 ? signature.fixedBatch() : maxBatch;
    }

    /**
     * Opens a model: reads its configuration, opens (or shares) its session on the preferred
     * provider, validates its graph and warms it up.
     *
     * @param options the model and how to run it
     * @return the open classifier; close it when done
     * @throws InvalidModelException when the model is missing, corrupt or does not fit
     * @throws GpuUnavailableException when a GPU is required and none works
     */
    public static ClipClassifier open(ClassifierOptions options) {
        return open(options, false);
    }

    /**
     * @param detection whether the graph must be a detection graph (inputs {@code pixel_values} and
     *     {@code rois}) or must not be one
     */
    static ClipClassifier open(ClassifierOptions options, boolean detection) {
        ModelFiles files = ModelFiles.locate(options.model());
        String source = files.onnx().getFileName().toString();
        Optional<VideoMaeConfig> config = files.config().map(VideoMaeConfig::read);
        int frames = options.frames().orElse(config.map(VideoMaeConfig::numFrames).orElse(16));
        if (config.isPresent() && options.frames().isPresent() && config.get().numFrames() != frames) {
            throw new InvalidModelException(files.config().get() + ": the model takes " + config.get().numFrames()
                    + " frames per clip (num_frames), the window has " + frames);
        }
        ProblemType problemType = options.problemType().orElse(config.map(VideoMaeConfig::problemType).orElse(ProblemType.SINGLE_LABEL));
        LabelSet labels = options.labelsFile().map(LabelSet::readLines)
                .orElse(config.flatMap(VideoMaeConfig::labels).orElse(null));
        String sha256 = files.sha256();
        if (options.sha256().isPresent() && !options.sha256().get().equalsIgnoreCase(sha256)) {
            throw new InvalidModelException(source + ": expected sha256 " + options.sha256().get().toLowerCase(Locale.ROOT)
                    + ", found " + sha256);
        }
        SessionRegistry.Key key = new SessionRegistry.Key(files.onnx(), sha256, options.execution());
        SessionRegistry.SharedSession shared;
        try {
            shared = SessionRegistry.acquire(key, () -> ProviderSelector.select(options.execution(),
                    ProviderSelector.compiledIn(), provider -> openSession(files, options.execution(), provider)));
        } catch (InvalidModelException e) {
            throw e;
        } catch (OrtException e) {
            throw new InvalidModelException(source + ": ONNX Runtime cannot load it (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        } catch (Exception e) {
            throw new InvalidModelException(source + ": cannot open it (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        }
        try {
            checkTask(shared.session(), source, detection);
            PreprocessorConfig preprocessor = preprocessorFor(files, config, options, shared.session());
            int[] size = preprocessor.fixedOutputSize();
            if (size == null) {
                throw new InvalidModelException(files.preprocessor().map(Object::toString).orElse(source)
                        + ": expected a center crop or an exact resize size, so that every frame has the model's size; found neither");
            }
            ModelSignature signature = ModelSignature.inspect(shared.session(), source, new ModelSignature.Expected(
                    frames, size[0], size[1], options.layout().or(() -> config.flatMap(VideoMaeConfig::inputLayout)),
                    labels == null ? 0 : labels.size()));
            if (labels == null) {
                labels = LabelSet.unnamed(signature.classes());
            }
            ModelInfo info = new ModelInfo(files.name(), files.onnx(), sha256, shared.provider(), signature.layout(),
                    signature.float16(), signature.frames(), signature.height(), signature.width(), signature.fixedBatch(),
                    labels, problemType, preprocessor);
            ClipClassifier classifier = new ClipClassifier(shared, signature, info, options.maxBatch());
            LOG.info("model {} (sha256 {}…) on {}: {} {}x{}x{}, {} classes, {} batch", info.name(), sha256.substring(0, 12),
                    info.provider(), info.layout(), info.frames(), info.height(), info.width(),
                    signature.classes() > 0 ? signature.classes() : "dynamic",
                    signature.fixedBatch() > 0 ? "fixed " + signature.fixedBatch() : "dynamic");
            if (options.warmUp() && !detection) {
                classifier.warmUp();
            }
            return classifier;
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        } catch (OrtException e) {
            shared.close();
            throw new InvalidModelException(source + ": the model fails to run (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        }
    }

    private static void checkTask(OrtSession session, String source, boolean detection) throws OrtException {
        java.util.Set<String> inputs = session.getInputInfo().keySet();
        boolean hasRois = inputs.contains(ClipDetector.ROIS);
        if (detection && !hasRois) {
            throw new InvalidModelException(source + ": expected a detection model with inputs pixel_values and rois [boxes, 5] "
                    + "(tubelet gen-model --task detect), found inputs " + inputs);
        }
        if (!detection && hasRois) {
            throw new InvalidModelException(source + ": expected a classification model with one input, pixel_values; found a detection "
                    + "model (inputs " + inputs + "): give it as the detection model (--detect-model)");
        }
    }

    private static OrtSession openSession(ModelFiles files, ExecutionOptions execution, ExecutionProvider provider)
            throws OrtException {
        try (OrtSession.SessionOptions so = SessionOptionsFactory.create(execution, provider)) {
            return OrtEnvironments.shared().createSession(files.onnx().toString(), so);
        }
    }

    private static PreprocessorConfig preprocessorFor(ModelFiles files, Optional<VideoMaeConfig> config,
            ClassifierOptions options, OrtSession session) throws OrtException {
        if (files.preprocessor().isPresent()) {
            return PreprocessorConfig.read(files.preprocessor().get());
        }
        int size = options.imageSize().orElse(config.map(VideoMaeConfig::imageSize).orElse(0));
        if (size == 0) {
            size = fixedInputHeight(session).orElse(224);
        }
        PreprocessorConfig defaults = PreprocessorConfig.videoMaeDefaults(size);
        LOG.info("no preprocessor_config.json beside {}: using VideoMAE's preprocessing (shortest edge {}, center crop {}, "
                + "bilinear, rescale 1/255, ImageNet mean/std)", files.onnx().getFileName(), size, size);
        return defaults;
    }

    private static Optional<Integer> fixedInputHeight(OrtSession session) throws OrtException {
        for (NodeInfo node : session.getInputInfo().values()) {
            if (node.getInfo() instanceof TensorInfo) {
                long[] shape = ((TensorInfo) node.getInfo()).getShape();
                if (shape.length == 5 && shape[3] > 0) {
                    return Optional.of((int) shape[3]);
                }
            }
        }
        return Optional.empty();
    }

    private void warmUp() throws OrtException {
        FramePlanes blank = new FramePlanes(signature.width(), signature.height(), new byte[3 * signature.width() * signature.height()]);
        Clip clip = new Clip(Collections.nCopies(signature.frames(), blank));
        long start = System.nanoTime();
        infer(Collections.nCopies(Math.min(batchCapacity, 1), clip));
        LOG.debug("warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** @return identity, provider and shapes of the open model */
    public ModelInfo info() {
        return info;
    }

    /** @return class names */
    public LabelSet labels() {
        return labels;
    }

    /** @return clips per ONNX Runtime run: the graph's fixed batch, or the configured maximum */
    public int batchCapacity() {
        return batchCapacity;
    }

    /** @return a pooled input buffer for a batch; give it back with {@link #release} */
    InputBatch borrow() {
        InputBatch batch = buffers.poll();
        return batch != null ? batch : new InputBatch(batchCapacity, writer.clipElements(), signature.float16());
    }

    void release(InputBatch batch) {
        buffers.offer(batch);
    }

    void checkClipShape(Clip clip) {
        checkClip(clip);
    }

    int clipElements() {
        return writer.clipElements();
    }

    ClipTensorWriter tensorWriter() {
        return writer;
    }

    ModelSignature signature() {
        return signature;
    }

    OrtSession session() {
        return session;
    }

    OrtEnvironment environment() {
        return env;
    }

    /** @return a new preprocessor for this model's input (one per thread) */
    public FramePreprocessor newPreprocessor() {
        return new FramePreprocessor(info.preprocessor());
    }

    /**
     * Runs the model on clips, in batches of {@link #batchCapacity()}.
     *
     * @param clips clips of {@code frames} frames at the model's input size
     * @return one prediction per clip, in order
     * @throws IllegalArgumentException when a clip has the wrong number or size of frames
     * @throws OrtException when ONNX Runtime fails
     */
    public List<Prediction> infer(List<Clip> clips) throws OrtException {
        for (Clip clip : clips) {
            checkClip(clip);
        }
        List<Prediction> predictions = new ArrayList<>(clips.size());
        InputBatch batch = borrow();
        try {
            for (int from = 0; from < clips.size(); from += batchCapacity) {
                int count = Math.min(batchCapacity, clips.size() - from);
                for (int i = 0; i < count; i++) {
                    batch.write(writer, clips.get(from + i), i);
                }
                // A fixed-batch graph always gets its full batch; the padding rows' outputs are dropped.
                int runSize = signature.fixedBatch() > 0 ? signature.fixedBatch() : count;
                run(batch, runSize, count, predictions);
            }
        } finally {
            release(batch);
        }
        return predictions;
    }

    private void run(InputBatch batch, int runSize, int used, List<Prediction> predictions) throws OrtException {
        long[] shape = signature.layout().shape(runSize, signature.frames(), signature.height(), signature.width());
        try (OnnxTensor input = batch.tensor(env, shape);
                OrtSession.Result result = session.run(Map.of(signature.inputName(), input), Set.of(signature.outputName()))) {
            OnnxValue value = result.get(0);
            OnnxTensor output = (OnnxTensor) value;
            long[] outShape = output.getInfo().getShape();
            int classes = (int) outShape[1];
            if (labels.size() != classes && signature.classes() == 0) {
                labels = LabelSet.unnamed(classes);
            }
            FloatBuffer logits = signature.float16() ? toFloats(output.getShortBuffer()) : output.getFloatBuffer();
            for (int i = 0; i < used; i++) {
                float[] row = new float[classes];
                logits.get(i * classes, row);
                predictions.add(new Prediction(row, activation, labels));
            }
        }
    }

    private static FloatBuffer toFloats(ShortBuffer halves) {
        FloatBuffer floats = FloatBuffer.allocate(halves.remaining());
        for (int i = 0; i < floats.capacity(); i++) {
            floats.put(i, Fp16Conversions.fp16ToFloat(halves.get(i)));
        }
        return floats;
    }

    private void checkClip(Clip clip) {
        if (clip.frames().size() != signature.frames()) {
            throw new IllegalArgumentException("the model takes " + signature.frames() + " frames per clip, found "
                    + clip.frames().size());
        }
        FramePlanes first = clip.frames().get(0);
        if (first.width() != signature.width() || first.height() != signature.height()) {
            throw new IllegalArgumentException("the model takes " + signature.height() + "x" + signature.width()
                    + " frames, found " + first.height() + "x" + first.width());
        }
    }

    /** Releases this classifier's reference to the shared session (closed with the last one). */
    @Override
    public void close() {
        shared.close();
    }

}
