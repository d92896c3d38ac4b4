package dev.tubelet.model.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX graphs shaped like YOLO exports, for tests of the detector plumbing (letterbox, run,
 * decoding, mapping back): image {@code [1, 3, S, S]} in, a fixed output out (plus 0 × the image's
 * mean, so the output depends on the input as in a real graph).
 */
public final class TestDetectorGraphs {
    private TestDetectorGraphs() {}

    /**
     * @param file the .onnx to write
     * @param size the square input side
     * @param outputShape e.g. {@code {1, 4 + C, N}} or {@code {1, N, 6}}
     * @param output the output values, row-major
     * @return the file
     */
    public static Path write(Path file, int size, long[] outputShape, float[] output) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OnnxGraph g = new OnnxGraph("yolo_like", false, null);
                OutputStream out = Files.newOutputStream(file)) {
            g.input(OnnxGraph.valueInfo("images", OnnxGraph.FLOAT, 1, 3, size, size));
            String mean = g.node(
                    "ReduceMean", List.of(OnnxGraph.ints("axes", 1, 2, 3), OnnxGraph.integer("keepdims", 1)), "images");
            mean = g.node("Reshape", mean, g.int64s("shape_one", new long[] {3}, 1, 1, 1));
            String zero = g.node("Mul", mean, g.floatScalar("zero", 0f));
            String fixed = g.weight("fixed_output", outputShape, output);
            g.node("Add", fixed, zero);
            g.renameLastOutput("output0");
            g.output(OnnxGraph.valueInfo("output0", OnnxGraph.FLOAT, outputShape));
            g.writeModel(out, VideoMaeGraphBuilder.OPSET, "fixed YOLO-shaped output for tests");
        }
        return file;
    }
}
