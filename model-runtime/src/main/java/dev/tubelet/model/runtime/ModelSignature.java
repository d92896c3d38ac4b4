package dev.tubelet.model.runtime;

import ai.onnx.proto.OnnxMl;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.runtime.onnx.OnnxModelFile;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a classification graph takes and gives, read from the model file and checked against the
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
    static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    static final int FLOAT16 = OnnxMl.TensorProto.DataType.FLOAT16_VALUE;

    /**
     * What the caller expects of the graph.
     *
     * @param frames the window length T
     * @param height the input height after preprocessing
     * @param width the input width after preprocessing
     * @param layout the layout given by an option or config.json, if any (needed only when the shape cannot tell)
     * @param classes the number of labels known from config.json or a labels file, 0 if none
     * @param output the output's name ({@code logits}; {@code token_errors} for an anomaly model)
     */
    record Expected(int frames, int height, int width, Optional<InputLayout> layout, int classes, String output) {
        Expected(int frames, int height, int width, Optional<InputLayout> layout, int classes) {
            this(frames, height, width, layout, classes, OUTPUT);
        }
    }

    /**
     * @param graph the model file's graph
     * @param source the model file, for messages
     * @param expected what the window and preprocessing need
     * @return the validated signature
     * @throws InvalidModelException naming what was expected and what was found
     */
    static ModelSignature inspect(OnnxModelFile graph, String source, Expected expected) {
        OnnxModelFile.Value input = pick(graph.inputs(), INPUT, source, "input");
        OnnxModelFile.Value output = pick(graph.outputs(), expected.output(), source, "output");
        if (input.elementType() == 0 || output.elementType() == 0) {
            throw new InvalidModelException(source + ": expected tensor input and output, found " + input.name()
                    + " -> " + output.name() + " of other types");
        }
        long[] shape = input.dims();
        String wanted = "[batch, " + expected.frames() + ", 3, " + expected.height() + ", " + expected.width()
                + "] (BTCHW) or [batch, 3, " + expected.frames() + ", " + expected.height() + ", " + expected.width()
                + "] (BCTHW)";
        if (shape.length != 5) {
            throw new InvalidModelException(source + ": expected input '" + input.name() + "' to be 5-D " + wanted
                    + ", found " + describe(shape));
        }
        if (input.elementType() != FLOAT && input.elementType() != FLOAT16) {
            throw new InvalidModelException(source + ": expected input '" + input.name()
                    + "' of float32 or float16, found " + typeName(input.elementType()));
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
        long[] outShape = output.dims();
        if (outShape.length != 2) {
            throw new InvalidModelException(source + ": expected output '" + output.name()
                    + "' of shape [batch, classes], found " + describe(outShape));
        }
        if (output.elementType() != FLOAT && output.elementType() != FLOAT16) {
            throw new InvalidModelException(source + ": expected output '" + output.name()
                    + "' of float32 or float16, found " + typeName(output.elementType()));
        }
        int classes = (int) Math.max(outShape[1], 0);
        if (classes > 0 && expected.classes() > 0 && classes != expected.classes()) {
            throw new InvalidModelException(
                    source + ": the model outputs " + classes + " classes, the labels name " + expected.classes());
        }
        int batch = (int) Math.max(shape[0], 0);
        return new ModelSignature(
                input.name(),
                output.name(),
                layout,
                input.elementType() == FLOAT16,
                batch,
                expected.frames(),
                expected.height(),
                expected.width(),
                classes);
    }

    private static OnnxModelFile.Value pick(
            List<OnnxModelFile.Value> values, String preferred, String source, String what) {
        for (OnnxModelFile.Value v : values) {
            if (v.name().equals(preferred)) {
                return v;
            }
        }
        if (values.size() == 1) {
            // torch.onnx.export of the original code names them after forward()'s arguments ("x") or by number.
            OnnxModelFile.Value only = values.get(0);
            LOG.info("{}: no {} named '{}', using its only {} '{}'", source, what, preferred, what, only.name());
            return only;
        }
        throw new InvalidModelException(
                source + ": expected an " + what + " named '" + preferred + "' (or a single " + what + "), found "
                        + values.stream().map(OnnxModelFile.Value::name).toList());
    }

    static String typeName(int elementType) {
        OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(elementType);
        return type == null ? "type " + elementType : type.name();
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
