package dev.tubelet.model.graph;

import dev.tubelet.model.InputLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A model with VideoMAE's whole contract (input {@code pixel_values} in the architecture's layout
 * with a dynamic batch, {@code logits [batch, classes]} out, the same config files) whose cost is
 * one pass over its input: each colour channel's mean over the clip, then a linear head. It lets a
 * benchmark measure the pipeline around the model (decoding, windows, state, batching, sinks)
 * rather than the model.
 */
public final class PassThroughGraphBuilder {
    private final VideoMaeArchitecture arch;
    private final WeightSource weights;

    /**
     * @param arch the contract: frames, image size, layout, classes, float16 input
     * @param weights the head's weights ({@code head.weight [classes, 3]}, {@code head.bias})
     */
    public PassThroughGraphBuilder(VideoMaeArchitecture arch, WeightSource weights) {
        this.arch = arch;
        this.weights = weights;
    }

    /**
     * @param out where the model file goes
     * @throws IOException when writing fails
     */
    public void write(OutputStream out) throws IOException {
        int classes = arch.numClasses();
        int inputType = arch.float16() ? OnnxGraph.FLOAT16 : OnnxGraph.FLOAT;
        try (OnnxGraph g = new OnnxGraph("videomae-pass-through", arch.float16(), null)) {
            g.input(OnnxGraph.valueInfo(
                    "pixel_values",
                    inputType,
                    arch.layout().shape(-1, arch.numFrames(), arch.imageSize(), arch.imageSize())));
            String x = "pixel_values";
            if (arch.float16()) {
                x = g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT)), x);
            }
            // the mean over time, height and width: every input value is read once
            long[] axes = arch.layout() == InputLayout.BTCHW ? new long[] {1, 3, 4} : new long[] {2, 3, 4};
            x = g.node("ReduceMean", List.of(OnnxGraph.ints("axes", axes), OnnxGraph.integer("keepdims", 0)), x);
            float[] w = weights.tensor("head.weight", new int[] {classes, 3});
            float[] transposed = new float[3 * classes];
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < 3; i++) {
                    transposed[i * classes + c] = w[c * 3 + i];
                }
            }
            x = g.node("MatMul", x, g.weight("head.weight", new long[] {3, classes}, transposed));
            x = g.node(
                    "Add", x, g.weight("head.bias", new long[] {classes}, weights.tensor("head.bias", new int[] {classes
                    })));
            if (arch.float16()) {
                g.node("Cast", List.of(OnnxGraph.integer("to", OnnxGraph.FLOAT16)), x);
            } else {
                g.node("Identity", x);
            }
            g.renameLastOutput("logits");
            g.output(OnnxGraph.valueInfo("logits", inputType, -1, classes));
            g.writeModel(
                    out,
                    VideoMaeGraphBuilder.OPSET,
                    "pass-through model with VideoMAE's contract (channel means, linear head): " + arch.numFrames()
                            + "x" + arch.imageSize() + "x" + arch.imageSize());
        }
    }
}
