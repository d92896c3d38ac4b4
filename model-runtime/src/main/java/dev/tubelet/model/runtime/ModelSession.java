package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tubelet.model.ErrorMessages;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.config.VideoMaeConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.PixelNormalizer;
import dev.tubelet.model.runtime.onnx.OnnxModelFile;
import dev.tubelet.model.runtime.onnx.PixelPrologue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        DETECTOR,
        /** {@code pixel_values} in, {@code token_errors [batch, tokens]} out: a masked autoencoder's score. */
        ANOMALY
    }

    /** The external data of a model given to ONNX Runtime as bytes is looked up in this folder. */
    private static final String EXTERNAL_DATA_FOLDER = "session.model_external_initializers_file_folder_path";
    /** TensorRT's profile allows this many boxes per clip for a detection model. */
    static final int MAX_ROIS_PER_CLIP = 256;

    private final SessionRegistry.SharedSession shared;
    private final ModelSignature signature;
    private final ModelInfo info;
    private final PixelFeed feed;
    private final ClipTensorWriter writer;
    private final int batchCapacity;
    private final ConcurrentLinkedQueue<InputBatch> buffers = new ConcurrentLinkedQueue<>();
    private volatile LabelSet labels;
    /** The runs in flight, each cancellable through its options. */
    private final Set<OrtSession.RunOptions> running = new HashSet<>();

    private final InferenceTimings timings = new InferenceTimings();
    private boolean closed;

    private ModelSession(SessionRegistry.SharedSession shared, Inspected model, PixelFeed feed, int batchCapacity) {
        this.shared = shared;
        this.signature = model.signature();
        this.info = model.info().withProvider(shared.provider());
        this.labels = info.labels();
        this.feed = feed;
        this.writer = new ClipTensorWriter(
                signature.layout(),
                new PixelNormalizer(info.preprocessor()),
                signature.frames(),
                signature.height(),
                signature.width());
        this.batchCapacity = batchCapacity;
    }

    /**
     * A model read from its files and checked, not opened.
     *
     * @param files where it is
     * @param graph its graph file
     * @param signature what it takes and gives
     * @param info what it is (no provider yet)
     */
    private record Inspected(ModelFiles files, OnnxModelFile graph, ModelSignature signature, ModelInfo info) {}

    /**
     * Reads and checks a model without opening it on any provider: what a process that will not
     * run it (a JobManager) needs to refuse a bad one.
     *
     * @param options the model and its window
     * @param graph the kind of graph expected
     * @return what it is; its provider is null
     * @throws InvalidModelException when the model is missing, corrupt, of the other kind or does not fit
     */
    static ModelInfo inspectOnly(ClassifierOptions options, Graph graph) {
        return inspect(options, graph).info();
    }

    /**
     * @param options the model and how to run it
     * @param graph the kind of graph expected
     * @return the open session; close it when done
     * @throws InvalidModelException when the model is missing, corrupt, of the other kind or does not fit
     * @throws GpuUnavailableException when a GPU is required and none works
     */
    static ModelSession open(ClassifierOptions options, Graph graph) {
        Inspected model = inspect(options, graph);
        String source = model.files().onnx().getFileName().toString();
        Optional<String> unwrappable = options.pixelInput() == PixelInput.FLOAT
                ? Optional.of("pixel input float asked for")
                : PixelPrologue.unsupported(model.graph(), model.signature().inputName());
        if (unwrappable.isPresent() && options.pixelInput() == PixelInput.UINT8) {
            LOG.info("{}: the runtime normalizes pixels itself ({})", source, unwrappable.get());
        }
        Feeds feeds = new Feeds(
                options.pixelInput(), unwrappable.isEmpty(), model.signature().float16());
        SessionRegistry.SharedSession shared = acquireSession(model, feeds, options, graph, source);
        PixelFeed feed = feeds.on(shared.provider());
        int capacity = capacityOn(model, options, shared.provider());
        log(model.info().withProvider(shared.provider()), model.signature(), feed, graph);
        return new ModelSession(shared, model, feed, capacity);
    }

    /**
     * What the pixel input receives on each provider: the choice is made per provider attempt, since
     * the prologue pays on a GPU and costs on a CPU ({@link PixelInput}).
     */
    private record Feeds(PixelInput preference, boolean wrappable, boolean float16) {
        PixelFeed on(ExecutionProvider provider) {
            if (wrappable && preference.uint8On(provider)) {
                return PixelFeed.UINT8;
            }
            return float16 ? PixelFeed.FLOAT16 : PixelFeed.FLOAT;
        }
    }

    private static Inspected inspect(ClassifierOptions options, Graph graph) {
        ModelFiles files = ModelFiles.locate(options.model());
        String source = files.onnx().getFileName().toString();
        Optional<VideoMaeConfig> config = files.config().map(VideoMaeConfig::read);
        int frames = framesPerClip(files, config, options);
        String sha256 = verifiedHash(files, options, source);
        OnnxModelFile onnx = OnnxModelFile.read(files.onnx());
        checkGraph(onnx, source, graph);
        PreprocessorConfig preprocessor = preprocessorFor(files, config, options, onnx);
        LabelSet labels = graph == Graph.ANOMALY
                ? null
                : options.labelsFile()
                        .map(LabelSet::readLines)
                        .orElse(config.flatMap(VideoMaeConfig::labels).orElse(null));
        ModelSignature signature = signature(onnx, source, preprocessor, frames, config, options, labels, graph);
        ProblemType problemType = options.problemType()
                .orElse(config.map(VideoMaeConfig::problemType).orElse(ProblemType.SINGLE_LABEL));
        ModelInfo info = new ModelInfo(
                files.name(),
                files.onnx(),
                sha256,
                null,
                signature.layout(),
                signature.float16(),
                signature.frames(),
                signature.height(),
                signature.width(),
                signature.fixedBatch(),
                labels != null ? labels : LabelSet.unnamed(signature.classes()),
                problemType,
                preprocessor);
        return new Inspected(files, onnx, signature, info);
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

    /** Clips per run: the graph's fixed batch, else the one asked for, else the provider's default. */
    private static int capacityOn(Inspected model, ClassifierOptions options, ExecutionProvider provider) {
        return model.signature().fixedBatch() > 0 ? model.signature().fixedBatch() : options.maxBatchOn(provider);
    }

    private static SessionRegistry.SharedSession acquireSession(
            Inspected model, Feeds feeds, ClassifierOptions options, Graph graph, String source) {
        ExecutionOptions execution = options.execution();
        SessionRegistry.Key key = new SessionRegistry.Key(
                model.files().onnx(),
                model.info().sha256(),
                execution,
                feeds.preference() + "/batch " + (options.maxBatch() > 0 ? options.maxBatch() : "auto"));
        ByteBuffer[] wrapped = new ByteBuffer[1]; // built once, on the first attempt that wants it
        try {
            return SessionRegistry.acquire(
                    key,
                    () -> ProviderSelector.select(execution, ProviderSelector.compiledIn(), provider -> {
                        PixelFeed feed = feeds.on(provider);
                        int capacity = capacityOn(model, options, provider);
                        String pixelInput = feed == PixelFeed.UINT8
                                ? PixelPrologue.PIXELS
                                : model.signature().inputName();
                        if (feed == PixelFeed.UINT8 && wrapped[0] == null) {
                            wrapped[0] = PixelPrologue.wrap(
                                    model.graph(),
                                    model.signature().inputName(),
                                    model.signature().layout(),
                                    model.info().preprocessor());
                        }
                        return openSession(
                                model,
                                feed == PixelFeed.UINT8 ? wrapped[0] : null,
                                execution,
                                provider,
                                profile(model.signature(), pixelInput, capacity, graph),
                                options.warmUp()
                                        ? new WarmUp(model.signature(), pixelInput, feed, capacity, graph)
                                        : null);
                    }));
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

    /** Every dynamic axis of the pixel input (and the boxes of a detection model), from 1 to the batch capacity. */
    static TensorRtProfile profile(ModelSignature s, String pixelInput, int capacity, Graph graph) {
        TensorRtProfile profile = TensorRtProfile.NONE;
        if (s.fixedBatch() == 0) {
            profile = profile.with(
                    pixelInput,
                    s.layout().shape(1, s.frames(), s.height(), s.width()),
                    s.layout().shape(capacity, s.frames(), s.height(), s.width()));
        }
        if (graph == Graph.DETECTOR) {
            profile = profile.with(
                    ClipDetector.ROIS, new long[] {1, 5}, new long[] {(long) capacity * MAX_ROIS_PER_CLIP, 5});
        }
        return profile;
    }

    /**
     * Opens the session on one provider and, when asked, runs a full batch through it: a provider
     * that opens but cannot run (a TensorRT engine that fails to build) fails here, inside the
     * attempt, so the selector falls back to the next provider.
     */
    private static OrtSession openSession(
            Inspected model,
            ByteBuffer wrapped,
            ExecutionOptions execution,
            ExecutionProvider provider,
            TensorRtProfile profile,
            WarmUp warmUp)
            throws OrtException {
        OrtSession session;
        try (OrtSession.SessionOptions so = SessionOptionsFactory.create(execution, provider, profile)) {
            if (wrapped == null) {
                session = OrtEnvironments.shared()
                        .createSession(model.files().onnx().toString(), so);
            } else {
                if (model.graph().usesExternalData()) {
                    so.addConfigEntry(
                            EXTERNAL_DATA_FOLDER,
                            model.files().onnx().toAbsolutePath().getParent().toString());
                }
                session = OrtEnvironments.shared().createSession(wrapped.duplicate(), so);
            }
        }
        if (warmUp != null) {
            long start = System.nanoTime();
            try {
                warmUp.run(session);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
            LOG.debug("warm-up on {} took {} ms", provider, (System.nanoTime() - start) / 1_000_000);
        }
        return session;
    }

    private static void checkGraph(OnnxModelFile onnx, String source, Graph graph) {
        List<String> inputs =
                onnx.inputs().stream().map(OnnxModelFile.Value::name).toList();
        boolean hasRois = inputs.contains(ClipDetector.ROIS);
        List<String> outputs =
                onnx.outputs().stream().map(OnnxModelFile.Value::name).toList();
        boolean anomaly = outputs.contains(AnomalyScorer.OUTPUT);
        if (graph == Graph.ANOMALY && !anomaly) {
            throw new InvalidModelException(source + ": expected an anomaly model with the output "
                    + AnomalyScorer.OUTPUT + " (tubelet import of a VideoMAE pretraining checkpoint), found outputs "
                    + outputs);
        }
        if (graph != Graph.ANOMALY && anomaly) {
            throw new InvalidModelException(
                    source + ": expected a " + (graph == Graph.DETECTOR ? "detection" : "classification")
                            + " model with the output logits; found an anomaly model (output " + AnomalyScorer.OUTPUT
                            + "): give it as the anomaly model (--anomaly-model)");
        }
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
            ModelFiles files, Optional<VideoMaeConfig> config, ClassifierOptions options, OnnxModelFile onnx) {
        PreprocessorConfig preprocessor;
        if (files.preprocessor().isPresent()) {
            preprocessor = PreprocessorConfig.read(files.preprocessor().get());
        } else {
            int size = options.imageSize()
                    .orElse(config.map(VideoMaeConfig::imageSize).orElse(0));
            if (size == 0) {
                size = fixedInputHeight(onnx).orElse(224);
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

    private static Optional<Integer> fixedInputHeight(OnnxModelFile onnx) {
        for (OnnxModelFile.Value input : onnx.inputs()) {
            if (input.dims().length == 5 && input.dims()[3] > 0) {
                return Optional.of((int) input.dims()[3]);
            }
        }
        return Optional.empty();
    }

    private static ModelSignature signature(
            OnnxModelFile onnx,
            String source,
            PreprocessorConfig preprocessor,
            int frames,
            Optional<VideoMaeConfig> config,
            ClassifierOptions options,
            LabelSet labels,
            Graph graph) {
        int[] size = preprocessor.fixedOutputSize();
        return ModelSignature.inspect(
                onnx,
                source,
                new ModelSignature.Expected(
                        frames,
                        size[0],
                        size[1],
                        options.layout().or(() -> config.flatMap(VideoMaeConfig::inputLayout)),
                        labels == null ? 0 : labels.size(),
                        graph == Graph.ANOMALY ? AnomalyScorer.OUTPUT : ModelSignature.OUTPUT));
    }

    private static void log(ModelInfo info, ModelSignature signature, PixelFeed feed, Graph graph) {
        LOG.info(
                "model {} (sha256 {}…) on {}: {} {}x{}x{}, {} {}, {} batch, {} pixels in",
                info.name(),
                info.sha256().substring(0, 12),
                info.provider(),
                info.layout(),
                info.frames(),
                info.height(),
                info.width(),
                signature.classes() > 0 ? signature.classes() : "dynamic",
                graph == Graph.ANOMALY ? "token errors" : "classes",
                signature.fixedBatch() > 0 ? "fixed " + signature.fixedBatch() : "dynamic",
                feed.name().toLowerCase(Locale.ROOT));
    }

    /** @return identity, provider, shapes, labels and preprocessing of the model */
    ModelInfo info() {
        return info;
    }

    ModelSignature signature() {
        return signature;
    }

    /** @return the graph input the pixels go to: the prologue's uint8 input, or the model's own */
    String pixelInput() {
        return feed == PixelFeed.UINT8 ? PixelPrologue.PIXELS : signature.inputName();
    }

    /** @return what the pixel input receives */
    PixelFeed feed() {
        return feed;
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
        return batch != null ? batch : new InputBatch(batchCapacity, writer.clipElements(), feed);
    }

    void release(InputBatch batch) {
        buffers.offer(batch);
    }

    /** Reads one run's rows, one per clip, from the graph's first output. */
    interface OutputRows<R> {
        void read(OnnxTensor output, int clips, List<R> into) throws OrtException;
    }

    /** One filled batch run to its answers. */
    interface BatchRun<R> {
        List<R> run(FilledBatch batch) throws OrtException;
    }

    /**
     * Checks every clip, then fills and runs them in batches of {@link #batchCapacity()}.
     *
     * @param clips clips of the model's frames and size
     * @param run what runs one filled batch
     * @return one answer per clip, in order
     */
    <R> List<R> inBatches(List<Clip> clips, BatchRun<R> run) throws OrtException {
        for (Clip clip : clips) {
            checkClip(clip);
        }
        List<R> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += batchCapacity) {
            out.addAll(run.run(fill(clips.subList(from, Math.min(clips.size(), from + batchCapacity)))));
        }
        return out;
    }

    /**
     * Runs a batch filled by {@link #fill} (its pixels the graph's only input) and gives its buffer
     * back to the pool.
     *
     * @param batch the filled batch
     * @param rows reads the used rows of the first output
     * @return one answer per clip of the batch, in order
     */
    <R> List<R> runPixels(FilledBatch batch, OutputRows<R> rows) throws OrtException {
        batch.use();
        try {
            long[] shape =
                    signature.layout().shape(batch.runSize, signature.frames(), signature.height(), signature.width());
            List<R> out = new ArrayList<>(batch.clips);
            try (OnnxTensor input = batch.buffer.tensor(environment(), shape);
                    OrtSession.Result result = run(Map.of(pixelInput(), input))) {
                rows.read((OnnxTensor) result.get(0), batch.clips, out);
            }
            return out;
        } finally {
            release(batch.buffer);
        }
    }

    /** Gives a batch that will not run back to the pool. */
    void discard(FilledBatch batch) {
        batch.use();
        if (batch.buffer != null) {
            release(batch.buffer);
        }
    }

    /**
     * Fills a pooled input tensor with clips, one row each: the CPU half of a batch of a one-input
     * graph (classifier, anomaly model).
     *
     * @param clips 1 to {@link #batchCapacity()} clips
     * @return the batch, to run or discard
     * @throws IllegalArgumentException when there are too many clips or one has the wrong shape
     */
    FilledBatch fill(List<Clip> clips) {
        if (clips.isEmpty() || clips.size() > batchCapacity) {
            throw new IllegalArgumentException("a batch holds 1 to " + batchCapacity + " clips, found " + clips.size());
        }
        for (Clip clip : clips) {
            checkClip(clip);
        }
        long wall = System.nanoTime();
        long cpu = InferenceTimings.cpuNow();
        InputBatch buffer = borrow();
        for (int i = 0; i < clips.size(); i++) {
            buffer.write(writer, clips.get(i), i);
        }
        long fillCpu = InferenceTimings.cpuNow() - cpu;
        timings.addTensorFill(fillCpu);
        // A fixed-batch graph always gets its full batch; the padding rows' outputs are dropped.
        int runSize = signature.fixedBatch() > 0 ? signature.fixedBatch() : clips.size();
        return new FilledBatch(buffer, clips.size(), runSize, null, null, null, System.nanoTime() - wall, fillCpu);
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
     * Runs the graph, unless the session is closed; {@link #close} cancels it and waits for it.
     *
     * @param inputs the graph's inputs by name
     * @return the output; close it when read
     * @throws IllegalStateException when the session is closed
     * @throws OrtException when ONNX Runtime fails, or the run was cancelled by {@link #close}
     */
    OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        OrtSession.RunOptions options = new OrtSession.RunOptions();
        try {
            enter(options);
            long start = System.nanoTime();
            try {
                return shared.session().run(inputs, Set.of(signature.outputName()), options);
            } finally {
                timings.addRun(System.nanoTime() - start);
                exit(options);
            }
        } finally {
            options.close();
        }
    }

    /** @return where this model's time has gone */
    InferenceTimings timings() {
        return timings;
    }

    private synchronized void enter(OrtSession.RunOptions options) {
        if (closed) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
        running.add(options);
    }

    private synchronized void exit(OrtSession.RunOptions options) {
        running.remove(options);
        if (running.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * Refuses new runs, cancels those in flight ({@code RunOptions.setTerminate}: ONNX Runtime stops
     * between kernels) and waits for them to return, however long that takes (an ONNX Runtime
     * session closed under a running graph can crash the JVM), then releases this reference to the
     * shared session (closed with the last one).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (OrtSession.RunOptions options : running) {
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    LOG.warn("model {}: cannot cancel a run in flight: {}", info.name(), e.getMessage());
                }
            }
            boolean interrupted = false;
            long waitingSince = System.nanoTime();
            while (!running.isEmpty()) {
                try {
                    wait(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (!running.isEmpty()) {
                    LOG.warn(
                            "model {}: closing waits for {} cancelled run(s) to return ({} s so far)",
                            info.name(),
                            running.size(),
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitingSince));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        shared.close();
    }

    /** @return whether a run is in flight (for tests of close) */
    synchronized boolean running() {
        return !running.isEmpty();
    }
}
