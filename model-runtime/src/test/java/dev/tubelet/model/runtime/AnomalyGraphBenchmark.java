package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.MaskedAutoencoderGraphBuilder;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The anomaly score's two ways of running, side by side (JMH; see the model-runtime pom for the
 * command): one graph that runs every tube mask in one run ({@code oneRun}), against a graph of one
 * mask run once per mask ({@code severalRuns}: every mask costs the same but for one visible
 * position per slice, so mask 0's graph run M times stands for the M graphs). Seeded weights,
 * VideoMAE's pretraining decoder for the size, one clip, CPU, one thread per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AnomalyGraphBenchmark {
    @Param({"small"})
    public String size;

    private OrtSession all;
    private OrtSession one;
    private OnnxTensor clip;
    private int masks;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        VideoMaeArchitecture.Size vit = VideoMaeArchitecture.Size.parse(size);
        VideoMaeArchitecture encoder = VideoMaeArchitecture.builder(vit)
                .numClasses(1)
                .useMeanPooling(false)
                .build();
        MaskedAutoencoderArchitecture arch = MaskedAutoencoderArchitecture.of(encoder, vit, 0.9);
        masks = arch.masks().count();
        Path dir = Files.createTempDirectory("anomaly-bench");
        Path allFile = dir.resolve("all.onnx");
        Path oneFile = dir.resolve("one.onnx");
        PreprocessorConfig preprocessor = PreprocessorConfig.videoMaeDefaults(224);
        try (OutputStream out = Files.newOutputStream(allFile)) {
            new MaskedAutoencoderGraphBuilder(arch, new SeededWeights(1), preprocessor).write(out, null);
        }
        try (OutputStream out = Files.newOutputStream(oneFile)) {
            new MaskedAutoencoderGraphBuilder(arch, new SeededWeights(1), preprocessor)
                    .onlyMasks(0)
                    .write(out, null);
        }
        OrtEnvironment env = OrtEnvironments.shared();
        try (OrtSession.SessionOptions options =
                SessionOptionsFactory.create(ExecutionOptions.cpu(), ExecutionProvider.CPU, TensorRtProfile.NONE)) {
            all = env.createSession(allFile.toString(), options);
            one = env.createSession(oneFile.toString(), options);
        }
        float[] values = new float[16 * 3 * 224 * 224];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 4 - 2);
        }
        clip = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {1, 16, 3, 224, 224});
        Files.delete(allFile);
        Files.delete(oneFile);
        Files.delete(dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        clip.close();
        all.close();
        one.close();
    }

    @Benchmark
    public float oneRun() throws OrtException {
        return run(all);
    }

    @Benchmark
    public float severalRuns() throws OrtException {
        float sum = 0;
        for (int m = 0; m < masks; m++) {
            sum += run(one);
        }
        return sum;
    }

    private float run(OrtSession session) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of("pixel_values", clip))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }
}
