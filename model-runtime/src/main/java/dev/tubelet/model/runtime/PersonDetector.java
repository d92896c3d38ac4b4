package dev.tubelet.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.tubelet.model.ErrorMessages;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.model.detect.YoloDecoder;
import dev.tubelet.model.detect.YoloLayout;
import dev.tubelet.model.preprocess.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person detector: a YOLO export on ONNX Runtime, run on one frame. The frame is letterboxed to
 * the model's square input (aspect kept, grey 114 padding, RGB scaled to 0..1, NCHW), as Ultralytics
 * trains and exports; the output is decoded ({@link YoloLayout}), filtered to one class, suppressed
 * and mapped back to boxes normalized to the frame. Sessions are shared per model and settings in
 * the JVM; thread-safe.
 */
public final class PersonDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PersonDetector.class);

    /**
     * @param model the .onnx file (or a directory with one)
     * @param execution providers and threads
     * @param layout the output layout, or null to tell it from the output shape
     * @param classId class kept (0 = person in COCO), -1 for all
     * @param scoreThreshold lowest score kept
     * @param iouThreshold NMS overlap threshold
     * @param maxBoxes most boxes per frame
     * @param inputSize square input side for a model with dynamic height and width (else the model's)
     */
    public record Options(
            Path model,
            ExecutionOptions execution,
            YoloLayout layout,
            int classId,
            float scoreThreshold,
            float iouThreshold,
            int maxBoxes,
            int inputSize) {
        /** @return defaults for a COCO YOLO: person, score 0.35, IoU 0.5, 50 boxes, 640 px */
        public static Options defaults(Path model, ExecutionOptions execution) {
            return new Options(model, execution, null, 0, 0.35f, 0.5f, 50, 640);
        }
    }

    private final SessionRegistry.SharedSession shared;
    private final String inputName;
    private final String outputName;
    private final int size;
    private final YoloDecoder decoder;
    private final ConcurrentLinkedQueue<FloatBuffer> buffers = new ConcurrentLinkedQueue<>();

    private PersonDetector(
            SessionRegistry.SharedSession shared, String inputName, String outputName, int size, YoloDecoder decoder) {
        this.shared = shared;
        this.inputName = inputName;
        this.outputName = outputName;
        this.size = size;
        this.decoder = decoder;
    }

    /**
     * @param options the model and how to run it
     * @return the open detector; close it when done
     * @throws InvalidModelException when the model is missing, does not load or is not shaped like a YOLO export
     */
    public static PersonDetector open(Options options) {
        ModelFiles files = ModelFiles.locate(options.model());
        String source = files.onnx().getFileName().toString();
        SessionRegistry.SharedSession shared;
        try {
            shared = SessionRegistry.acquire(
                    new SessionRegistry.Key(files.onnx(), files.sha256(), options.execution(), "yolo"),
                    () -> ProviderSelector.select(options.execution(), ProviderSelector.compiledIn(), provider -> {
                        try (OrtSession.SessionOptions so =
                                SessionOptionsFactory.create(options.execution(), provider, TensorRtProfile.NONE)) {
                            return OrtEnvironments.shared()
                                    .createSession(files.onnx().toString(), so);
                        }
                    }));
        } catch (Exception e) {
            throw new InvalidModelException(
                    source + ": ONNX Runtime cannot load the detector (" + ErrorMessages.firstLine(e.getMessage())
                            + ")",
                    e);
        }
        try {
            Map<String, NodeInfo> inputs = shared.session().getInputInfo();
            Map<String, NodeInfo> outputs = shared.session().getOutputInfo();
            if (inputs.size() != 1 || outputs.isEmpty()) {
                throw new InvalidModelException(source
                        + ": expected a detector with one image input [1, 3, H, W], found inputs " + inputs.keySet());
            }
            NodeInfo input = inputs.values().iterator().next();
            long[] in = ((TensorInfo) input.getInfo()).getShape();
            if (in.length != 4 || (in[1] > 0 && in[1] != 3)) {
                throw new InvalidModelException(
                        source + ": expected the detector's input [1, 3, H, W], found " + Arrays.toString(in));
            }
            if (in[2] > 0 && in[3] > 0 && in[2] != in[3]) {
                throw new InvalidModelException(
                        source + ": expected a square detector input (letterboxed), found " + in[2] + "x" + in[3]);
            }
            int size = in[2] > 0 ? (int) in[2] : options.inputSize();
            NodeInfo output = outputs.values().iterator().next();
            long[] out = ((TensorInfo) output.getInfo()).getShape();
            YoloLayout layout = options.layout() != null ? options.layout() : YoloLayout.detect(out, source);
            LOG.info(
                    "detector {} on {}: input {}x{}, output {} read as {}, class {}, score >= {}",
                    source,
                    shared.provider(),
                    size,
                    size,
                    Arrays.toString(out),
                    layout,
                    options.classId(),
                    options.scoreThreshold());
            return new PersonDetector(
                    shared,
                    input.getName(),
                    output.getName(),
                    size,
                    new YoloDecoder(
                            layout,
                            options.classId(),
                            options.scoreThreshold(),
                            options.iouThreshold(),
                            options.maxBoxes()));
        } catch (OrtException | RuntimeException e) {
            shared.close();
            if (e instanceof InvalidModelException ime) {
                throw ime;
            }
            throw new InvalidModelException(
                    source + ": cannot read the detector's inputs and outputs ("
                            + ErrorMessages.firstLine(e.getMessage()) + ")",
                    e);
        }
    }

    /** @return the square input side */
    public int inputSize() {
        return size;
    }

    /**
     * @param image the frame
     * @return the boxes found, normalized to the frame (0..1), best first
     * @throws OrtException when ONNX Runtime fails
     */
    public List<DetectedBox> detect(RgbImage image) throws OrtException {
        FloatBuffer buffer = buffers.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(3 * size * size * 4)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }
        try {
            Letterbox box = Letterbox.of(image.width(), image.height(), size);
            box.fill(image, buffer);
            List<DetectedBox> found;
            try (OnnxTensor input =
                            OnnxTensor.createTensor(OrtEnvironments.shared(), buffer, new long[] {1, 3, size, size});
                    OrtSession.Result result =
                            shared.session().run(Map.of(inputName, input), java.util.Set.of(outputName))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                found = decoder.decode(output.getFloatBuffer(), output.getInfo().getShape());
            }
            List<DetectedBox> normalized = new ArrayList<>(found.size());
            for (DetectedBox b : found) {
                DetectedBox n = box.toFrame(b);
                if (n.area() > 0) {
                    normalized.add(n);
                }
            }
            return normalized;
        } finally {
            buffers.offer(buffer);
        }
    }

    @Override
    public void close() {
        shared.close();
    }

    /**
     * Letterboxing of a frame into the square input: scale to fit, centre, grey padding (as
     * Ultralytics' {@code LetterBox}: padding split in two, rounded), bilinear resampling with
     * pixel-centre alignment.
     */
    record Letterbox(int width, int height, int size, float scale, int newWidth, int newHeight, int left, int top) {
        static Letterbox of(int width, int height, int size) {
            float scale = Math.min((float) size / width, (float) size / height);
            int newWidth = Math.round(width * scale);
            int newHeight = Math.round(height * scale);
            float dw = (size - newWidth) / 2f;
            float dh = (size - newHeight) / 2f;
            return new Letterbox(
                    width, height, size, scale, newWidth, newHeight, Math.round(dw - 0.1f), Math.round(dh - 0.1f));
        }

        void fill(RgbImage image, FloatBuffer out) {
            byte[] px = image.pixels();
            int plane = size * size;
            float grey = 114f / 255f;
            float sx = (float) width / newWidth;
            float sy = (float) height / newHeight;
            for (int y = 0; y < size; y++) {
                int iy = y - top;
                for (int x = 0; x < size; x++) {
                    int ix = x - left;
                    int o = y * size + x;
                    if (ix < 0 || iy < 0 || ix >= newWidth || iy >= newHeight) {
                        out.put(o, grey);
                        out.put(plane + o, grey);
                        out.put(2 * plane + o, grey);
                        continue;
                    }
                    float fx = Math.max(0, (ix + 0.5f) * sx - 0.5f);
                    float fy = Math.max(0, (iy + 0.5f) * sy - 0.5f);
                    int x0 = Math.min((int) fx, width - 1);
                    int y0 = Math.min((int) fy, height - 1);
                    int x1 = Math.min(x0 + 1, width - 1);
                    int y1 = Math.min(y0 + 1, height - 1);
                    float ax = fx - x0;
                    float ay = fy - y0;
                    for (int c = 0; c < 3; c++) {
                        float v00 = px[(y0 * width + x0) * 3 + c] & 0xFF;
                        float v01 = px[(y0 * width + x1) * 3 + c] & 0xFF;
                        float v10 = px[(y1 * width + x0) * 3 + c] & 0xFF;
                        float v11 = px[(y1 * width + x1) * 3 + c] & 0xFF;
                        float v = (v00 * (1 - ax) + v01 * ax) * (1 - ay) + (v10 * (1 - ax) + v11 * ax) * ay;
                        out.put(c * plane + o, v / 255f);
                    }
                }
            }
        }

        /** @return the box (in input pixels) normalized to the frame, clipped to it */
        DetectedBox toFrame(DetectedBox b) {
            return new DetectedBox(
                    clip((b.x1() - left) / scale / width),
                    clip((b.y1() - top) / scale / height),
                    clip((b.x2() - left) / scale / width),
                    clip((b.y2() - top) / scale / height),
                    b.score(),
                    b.classId());
        }

        private static float clip(float v) {
            return Math.max(0f, Math.min(1f, v));
        }
    }
}
