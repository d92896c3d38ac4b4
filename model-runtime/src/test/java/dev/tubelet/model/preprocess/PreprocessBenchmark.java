package dev.tubelet.model.preprocess;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ResampleFilter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-frame preprocessing beside its baselines, in one run (JMH; see the model-runtime pom
 * for the command): the exact resize and crop against {@link ReferenceResizeCrop} (the plain
 * reading it replaced) for camera sizes, and a frame already at the resized size (crop only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreprocessBenchmark {
    /** Input width x height; the model's input is 224 (shortest edge 224, crop 224, bilinear). */
    @Param({"320x240", "640x360", "640x480", "1280x720", "298x224"})
    public String input;

    private byte[] rgb;
    private byte[] planes;
    private ResizeCropPlan plan;
    private ReferenceResizeCrop reference;

    @Setup
    public void setUp() {
        String[] size = input.split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        rgb = new byte[w * h * 3];
        new Random(1).nextBytes(rgb);
        PreprocessorConfig config = PreprocessorConfig.videoMaeDefaults(224);
        int[] resized = FramePreprocessor.resizedSize(config, w, h);
        plan = new ResizeCropPlan(w, h, resized[0], resized[1], 224, 224, ResampleFilter.BILINEAR);
        reference = new ReferenceResizeCrop(w, h, resized[0], resized[1], 224, 224, ResampleFilter.BILINEAR);
        planes = new byte[3 * 224 * 224];
    }

    @Benchmark
    public byte[] resizeCrop() {
        plan.apply(rgb, planes, 0);
        return planes;
    }

    @Benchmark
    public byte[] resizeCropReference() {
        reference.apply(rgb, planes);
        return planes;
    }
}
