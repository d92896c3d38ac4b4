package dev.tubelet.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a classification graph takes and gives, read from the session and checked against the
 * window and the preprocessing: {@code pixel_values} (float32 or float16, 5-D in either layout)
 * in, {@code logits [batch, classes]} out.
 *
 * @param inputName the clip input
 * @param outputName the logits output
 * @param layout the clip layout
 * @param float16 whether the graph takes and gives float16
 * @param fixedBatch the batch size the graph was exported with, or 0 when the batch is dynamic
 * @param frames frames per clip
 * @param height frame height
 * @param width frame width
 * @param classes number of classes, or 0 when the graph leaves it dynamic
 */
record ModelSignature(
        String inputName,
        String outputName,
        InputLayout layout,
        boolean float16,
        int fixedBatch,
        int frames,
        int height,
        int width,
        int classes) {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSignature.class);
    static final String INPUT = "pixel_values";
    static final String OUTPUT = "logits";

    /**
     * What the caller expects of the graph.
     *
     * @param frames the window length T
     * @param height the input height after preprocessing
     * @param width the input width after preprocessing
     * @param layout the layout given by an option or config.json, if any (needed only when the shape cannot tell)
     * @param classes the number of labels known from config.json or a labels file, 0 if none
     */
    record Expected(int frames, int height, int width, Optional<InputLayout> layout, int classes) {}

    /**
     * @param session the open session
     * @param source the model file, for messages
     * @param expected what the window and preprocessing need
     * @return the validated signature
     * @throws InvalidModelException naming what was expected and what was found
     */
    static ModelSignature inspect(OrtSession session, String source, Expected expected) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        NodeInfo input = pick(inputs, INPUT, source, "input");
        NodeInfo output = pick(outputs, OUTPUT, source, "output");
        if (!(input.getInfo() instanceof TensorInfo) || !(output.getInfo() instanceof TensorInfo)) {
            throw new InvalidModelException(source + ": expected tensor input and output, found " + input.getInfo()
                    + " -> " + output.getInfo());
        }
        TensorInfo in = (TensorInfo) input.getInfo();
        TensorInfo out = (TensorInfo) output.getInfo();
        long[] shape = in.getShape();
        String wanted = "[batch, " + expected.frames() + ", 3, " + expected.height() + ", " + expected.width()
                + "] (BTCHW) or [batch, 3, " + expected.frames() + ", " + expected.height() + ", " + expected.width()
                + "] (BCTHW)";
        if (shape.length != 5) {
            throw new InvalidModelException(source + ": expected input '" + input.getName() + "' to be 5-D " + wanted
                    + ", found " + describe(shape));
        }
        if (in.type != OnnxJavaType.FLOAT && in.type != OnnxJavaType.FLOAT16) {
            throw new InvalidModelException(
                    source + ": expected input '" + input.getName() + "' of float32 or float16, found " + in.type);
        }
        InputLayout layout = detectLayout(shape, expected.layout(), source, wanted);
        long frames = shape[layout.frameAxis()];
        if (frames > 0 && frames != expected.frames()) {
            throw new InvalidModelException(source + ": the model takes " + frames + " frames per clip, the window has "
                    + expected.frames() + " (expected input " + wanted + ", found " + describe(shape) + ")");
        }
        if ((shape[3] > 0 && shape[3] != expected.height()) || (shape[4] > 0 && shape[4] != expected.width())) {
            throw new InvalidModelException(source + ": the model takes " + dim(shape[3]) + "x" + dim(shape[4])
                    + " frames, preprocessing makes " + expected.height() + "x" + expected.width()
                    + " (expected input " + wanted + ", found " + describe(shape) + ")");
        }
        long[] outShape = out.getShape();
        if (outShape.length != 2) {
            throw new InvalidModelException(source + ": expected output '" + output.getName()
                    + "' of shape [batch, classes], found " + describe(outShape));
        }
        if (out.type != OnnxJavaType.FLOAT && out.type != OnnxJavaType.FLOAT16) {
            throw new InvalidModelException(
                    source + ": expected output '" + output.getName() + "' of float32 or float16, found " + out.type);
        }
        int classes = (int) Math.max(outShape[1], 0);
        if (classes > 0 && expected.classes() > 0 && classes != expected.classes()) {
            throw new InvalidModelException(
                    source + ": the model outputs " + classes + " classes, the labels name " + expected.classes());
        }
        int batch = (int) Math.max(shape[0], 0);
        return new ModelSignature(
                input.getName(),
                output.getName(),
                layout,
                in.type == OnnxJavaType.FLOAT16,
                batch,
                expected.frames(),
                expected.height(),
                expected.width(),
                classes);
    }

    private static NodeInfo pick(Map<String, NodeInfo> nodes, String preferred, String source, String what) {
        NodeInfo node = nodes.get(preferred);
        if (node != null) {
            return node;
        }
        if (nodes.size() == 1) {
            // torch.onnx.export of the original code names them after forward()'s arguments ("x") or by number.
            NodeInfo only = nodes.values().iterator().next();
            LOG.info("{}: no {} named '{}', using its only {} '{}'", source, what, preferred, what, only.getName());
            return only;
        }
        throw new InvalidModelException(source + ": expected an " + what + " named '" + preferred + "' (or a single "
                + what + "), found " + nodes.keySet());
    }

    /**
     * @param shape the input shape, -1 for dynamic axes
     * @param stated a layout from an option or config.json
     * @param source the model, for messages
     * @param wanted the expected shapes, for messages
     * @return the layout the shape shows, or the stated one where the shape cannot tell
     */
    static InputLayout detectLayout(long[] shape, Optional<InputLayout> stated, String source, String wanted) {
        boolean channelsSecond = shape[1] == 3;
        boolean channelsThird = shape[2] == 3;
        InputLayout detected = null;
        if (channelsThird && !channelsSecond) {
            detected = InputLayout.BTCHW;
        } else if (channelsSecond && !channelsThird) {
            detected = InputLayout.BCTHW;
        }
        if (detected == null) {
            if (stated.isPresent()) {
                return stated.get();
            }
            boolean possible = shape[1] == 3 || shape[1] < 0 || shape[2] == 3 || shape[2] < 0;
            if (!possible) {
                throw new InvalidModelException(source + ": expected input " + wanted + ", found " + describe(shape)
                        + ": no axis of 3 colour channels");
            }
            throw new InvalidModelException(source + ": cannot tell the input layout from " + describe(shape)
                    + "; state it with --layout BTCHW|BCTHW or \"tubelet_input_layout\" in config.json");
        }
        if (stated.isPresent() && stated.get() != detected) {
            throw new InvalidModelException(source + ": the layout was given as " + stated.get()
                    + " but the input shape " + describe(shape) + " is " + detected);
        }
        return detected;
    }

    static String describe(long[] shape) {
        String[] dims = new String[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = dim(shape[i]);
        }
        return Arrays.toString(dims);
    }

    private static String dim(long d) {
        return d < 0 ? "?" : Long.toString(d);
    }
}
