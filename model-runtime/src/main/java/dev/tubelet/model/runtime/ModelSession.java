package dev.tubelet.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.tubelet.model.ErrorMessages;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.config.VideoMaeConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.PixelNormalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open VideoMAE graph and what running it takes: the shared ONNX Runtime session, the graph's
 * validated signature, the model's identity, labels and preprocessing, and a pool of reusable
 * direct input buffers. {@link ClipClassifier} and {@link ClipDetector} each hold one.
 *
 * <p>Opening reads the model's files, checks its hash, acquires (or shares) its session on the
 * preferred provider, checks that the graph is of the expected kind and fits the window, and
 * refuses it otherwise ({@link InvalidModelException}, one line). Guarded: a run after
 * {@link #close} fails with {@link IllegalStateException}, and {@code close} waits for runs in
 * flight before it lets go of the session, because closing an ONNX Runtime session while it runs
 * can take the JVM down.
 */
final class ModelSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSession.class);

    /** What kind of graph a caller expects. */
    enum Graph {
        /** One input, {@code pixel_values}: a clip classifier. */
        CLASSIFIER,
        /** {@code pixel_values} and {@code rois}: an AVA-style detection model. */
        DETECTOR
    }

    private final SessionRegistry.SharedSession shared;
    private final ModelSignature signature;
    private final ModelInfo info;
    private final ClipTensorWriter writer;
    private final int batchCapacity;
    private final ConcurrentLinkedQueue<InputBatch> buffers = new ConcurrentLinkedQueue<>();
    private volatile LabelSet labels;
    private int runsInFlight;
    private final InferenceTimings timings = new InferenceTimings();
    private boolean closed;

    private ModelSession(SessionRegistry.SharedSession shared, ModelSignature signature, ModelInfo info, int maxBatch) {
        this.shared = shared;
        this.signature = signature;
        this.info = info;
        this.labels = info.labels();
        this.writer = new ClipTensorWriter(
                signature.layout(),
                new PixelNormalizer(info.preprocessor()),
                signature.frames(),
                signature.height(),
                signature.width());
        this.batchCapacity = signature.fixedBatch() > 0 ? signature.fixedBatch() : maxBatch;
    }

    /**
     * @param options the model and how to run it
     * @param graph the kind of graph expected
     * @return the open session; close it when done
     * @throws InvalidModelException when the model is missing, corrupt, of the other kind or does not fit
     * @throws GpuUnavailableException when a GPU is required and none works
     */
    static ModelSession open(ClassifierOptions options, Graph graph) {
        ModelFiles files = ModelFiles.locate(options.model());
        String source = files.onnx().getFileName().toString();
        Optional<VideoMaeConfig> config = files.config().map(VideoMaeConfig::read);
        int frames = framesPerClip(files, config, options);
        String sha256 = verifiedHash(files, options, source);
        SessionRegistry.SharedSession shared = acquireSession(files, sha256, options.execution(), source);
        try {
            checkGraph(shared.session(), source, graph);
            PreprocessorConfig preprocessor = preprocessorFor(files, config, options, shared.session());
            LabelSet labels = options.labelsFile()
                    .map(LabelSet::readLines)
                    .orElse(config.flatMap(VideoMaeConfig::labels).orElse(null));
            ModelSignature signature =
                    signature(shared.session(), source, files, preprocessor, frames, config, options, labels);
            ProblemType problemType = options.problemType()
                    .orElse(config.map(VideoMaeConfig::problemType).orElse(ProblemType.SINGLE_LABEL));
            ModelInfo info = new ModelInfo(
                    files.name(),
                    files.onnx(),
                    sha256,
                    shared.provider(),
                    signature.layout(),
                    signature.float16(),
                    signature.frames(),
                    signature.height(),
                    signature.width(),
                    signature.fixedBatch(),
                    labels != null ? labels : LabelSet.unnamed(signature.classes()),
                    problemType,
                    preprocessor);
            log(info, signature);
            return new ModelSession(shared, signature, info, options.maxBatch());
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        } catch (OrtException e) {
            shared.close();
            throw new InvalidModelException(
                    source + ": the model fails to run (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        }
    }

    private static int framesPerClip(ModelFiles files, Optional<VideoMaeConfig> config, ClassifierOptions options) {
        int frames =
                options.frames().orElse(config.map(VideoMaeConfig::numFrames).orElse(16));
        if (config.isPresent() && options.frames().isPresent() && config.get().numFrames() != frames) {
            throw new InvalidModelException(files.config().get() + ": the model takes "
                    + config.get().numFrames() + " frames per clip (num_frames), the window has " + frames);
        }
        return frames;
    }

    private static String verifiedHash(ModelFiles files, ClassifierOptions options, String source) {
        String sha256 = files.sha256();
        if (options.sha256().isPresent() && !options.sha256().get().equalsIgnoreCase(sha256)) {
            throw new InvalidModelException(source + ": expected sha256 "
                    + options.sha256().get().toLowerCase(Locale.ROOT) + ", found " + sha256);
        }
        return sha256;
    }

    private static SessionRegistry.SharedSession acquireSession(
            ModelFiles files, String sha256, ExecutionOptions execution, String source) {
        SessionRegistry.Key key = new SessionRegistry.Key(files.onnx(), sha256, execution);
        try {
            return SessionRegistry.acquire(
                    key,
                    () -> ProviderSelector.select(
                            execution,
                            ProviderSelector.compiledIn(),
                            provider -> openSession(files, execution, provider)));
        } catch (InvalidModelException e) {
            throw e;
        } catch (OrtException e) {
            throw new InvalidModelException(
                    source + ": ONNX Runtime cannot load it (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        } catch (Exception e) {
            throw new InvalidModelException(
                    source + ": cannot open it (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        }
    }

    private static OrtSession openSession(ModelFiles files, ExecutionOptions execution, ExecutionProvider provider)
            throws OrtException {
        try (OrtSession.SessionOptions so = SessionOptionsFactory.create(execution, provider)) {
            return OrtEnvironments.shared().createSession(files.onnx().toString(), so);
        }
    }

    private static void checkGraph(OrtSession session, String source, Graph graph) throws OrtException {
        Set<String> inputs = session.getInputInfo().keySet();
        boolean hasRois = inputs.contains(ClipDetector.ROIS);
        if (graph == Graph.DETECTOR && !hasRois) {
            throw new InvalidModelException(
                    source + ": expected a detection model with inputs pixel_values and rois [boxes, 5] "
                            + "(tubelet gen-model --task detect), found inputs " + inputs);
        }
        if (graph == Graph.CLASSIFIER && hasRois) {
            throw new InvalidModelException(
                    source + ": expected a classification model with one input, pixel_values; found a detection "
                            + "model (inputs " + inputs + "): give it as the detection model (--detect-model)");
        }
    }

    private static PreprocessorConfig preprocessorFor(
            ModelFiles files, Optional<VideoMaeConfig> config, ClassifierOptions options, OrtSession session)
            throws OrtException {
        PreprocessorConfig preprocessor;
        if (files.preprocessor().isPresent()) {
            preprocessor = PreprocessorConfig.read(files.preprocessor().get());
        } else {
            int size = options.imageSize()
                    .orElse(config.map(VideoMaeConfig::imageSize).orElse(0));
            if (size == 0) {
                size = fixedInputHeight(session).orElse(224);
            }
            preprocessor = PreprocessorConfig.videoMaeDefaults(size);
            LOG.info(
                    "no preprocessor_config.json beside {}: using VideoMAE's preprocessing (shortest edge {}, center crop {}, "
                            + "bilinear, rescale 1/255, ImageNet mean/std)",
                    files.onnx().getFileName(),
                    size,
                    size);
        }
        if (preprocessor.fixedOutputSize() == null) {
            throw new InvalidModelException(
                    files.preprocessor()
                                    .map(Object::toString)
                                    .orElse(files.onnx().getFileName().toString())
                            + ": expected a center crop or an exact resize size, so that every frame has the model's size; found neither");
        }
        return preprocessor;
    }

    private static Optional<Integer> fixedInputHeight(OrtSession session) throws OrtException {
        for (NodeInfo node : session.getInputInfo().values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                long[] shape = tensor.getShape();
                if (shape.length == 5 && shape[3] > 0) {
                    return Optional.of((int) shape[3]);
                }
            }
        }
        return Optional.empty();
    }

    private static ModelSignature signature(
            OrtSession session,
            String source,
            ModelFiles files,
            PreprocessorConfig preprocessor,
            int frames,
            Optional<VideoMaeConfig> config,
            ClassifierOptions options,
            LabelSet labels)
            throws OrtException {
        int[] size = preprocessor.fixedOutputSize();
        return ModelSignature.inspect(
                session,
                source,
                new ModelSignature.Expected(
                        frames,
                        size[0],
                        size[1],
                        options.layout().or(() -> config.flatMap(VideoMaeConfig::inputLayout)),
                        labels == null ? 0 : labels.size()));
    }

    private static void log(ModelInfo info, ModelSignature signature) {
        LOG.info(
                "model {} (sha256 {}…) on {}: {} {}x{}x{}, {} classes, {} batch",
                info.name(),
                info.sha256().substring(0, 12),
                info.provider(),
                info.layout(),
                info.frames(),
                info.height(),
                info.width(),
                signature.classes() > 0 ? signature.classes() : "dynamic",
                signature.fixedBatch() > 0 ? "fixed " + signature.fixedBatch() : "dynamic");
    }

    /** @return identity, provider, shapes, labels and preprocessing of the model */
    ModelInfo info() {
        return info;
    }

    ModelSignature signature() {
        return signature;
    }

    /** @return clips per ONNX Runtime run: the graph's fixed batch, or the configured maximum */
    int batchCapacity() {
        return batchCapacity;
    }

    ClipTensorWriter writer() {
        return writer;
    }

    OrtEnvironment environment() {
        return OrtEnvironments.shared();
    }

    /** @return class names (unnamed ones sized by the first run when the graph's class count is dynamic) */
    LabelSet labels() {
        return labels;
    }

    /** @return labels for an output of {@code classes} columns */
    LabelSet labelsFor(int classes) {
        LabelSet current = labels;
        if (current.size() != classes && signature.classes() == 0) {
            current = LabelSet.unnamed(classes);
            labels = current;
        }
        return current;
    }

    /** @return a pooled input buffer for a batch; give it back with {@link #release} */
    InputBatch borrow() {
        InputBatch batch = buffers.poll();
        return batch != null ? batch : new InputBatch(batchCapacity, writer.clipElements(), signature.float16());
    }

    void release(InputBatch batch) {
        buffers.offer(batch);
    }

    /**
     * @throws IllegalArgumentException when a clip has the wrong number or size of frames
     */
    void checkClip(Clip clip) {
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

    /**
     * Runs the graph, unless the session is closed; {@link #close} waits for it.
     *
     * @param inputs the graph's inputs by name
     * @return the output; close it when read
     * @throws IllegalStateException when the session is closed
     * @throws OrtException when ONNX Runtime fails
     */
    OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        enter();
        long start = System.nanoTime();
        try {
            return shared.session().run(inputs, Set.of(signature.outputName()));
        } finally {
            timings.addRun(System.nanoTime() - start);
            exit();
        }
    }

    /** @return where this model's time has gone */
    InferenceTimings timings() {
        return timings;
    }

    private synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
        runsInFlight++;
    }

    private synchronized void exit() {
        if (--runsInFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Refuses new runs, waits for those in flight (however long a run takes: an ONNX Runtime session
     * closed under a running graph can crash the JVM), then releases this reference to the shared
     * session (closed with the last one).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            boolean interrupted = false;
            long waitingSince = System.nanoTime();
            while (runsInFlight > 0) {
                try {
                    wait(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (runsInFlight > 0) {
                    LOG.warn(
                            "model {}: closing waits for {} run(s) in flight ({} s so far)",
                            info.name(),
                            runsInFlight,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitingSince));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        shared.close();
    }
}
