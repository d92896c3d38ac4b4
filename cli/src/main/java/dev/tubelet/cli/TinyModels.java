package dev.tubelet.cli;

import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.ModelTask;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.runtime.ModelInfo;
import java.io.IOException;
import java.nio.file.Path;

/** The tiny synthetic models the demo and the pipeline benchmark generate when given none. */
final class TinyModels {
    private TinyModels() {}

    /**
     * @param dir where to write
     * @return a tiny VideoMAE (16×224×224) with synthetic weights, fast enough that the pipeline, not the model, is what runs
     */
    static Path classifier(Path dir) throws IOException {
        new ModelDirectoryWriter(
                        VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                                .build(),
                        new SeededWeights(0))
                .write(dir);
        return dir;
    }

    /**
     * @param dir where to write
     * @return the pass-through model (VideoMAE's contract, 16×224×224, 400 classes; one pass over the
     *     input): what the pipeline benchmark runs, so that it measures the pipeline
     */
    static Path passThrough(Path dir) throws IOException {
        new ModelDirectoryWriter(
                        VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                                .build(),
                        new SeededWeights(0))
                .passThrough(true)
                .write(dir);
        return dir;
    }

    /**
     * @param dir where to write
     * @param like the classifier, whose frames and input size the detector must share
     * @return a tiny detection model (RoIAlign head, 80 multi-label classes as AVA) with synthetic weights
     */
    static Path detector(Path dir, ModelInfo like) throws IOException {
        VideoMaeArchitecture.Builder arch = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                .numClasses(80)
                .useMeanPooling(false)
                .problemType(ProblemType.MULTI_LABEL)
                .numFrames(like.frames())
                .imageSize(like.height());
        new ModelDirectoryWriter(arch.build(), new SeededWeights(1))
                .task(ModelTask.DETECTION)
                .write(dir);
        return dir;
    }
}
