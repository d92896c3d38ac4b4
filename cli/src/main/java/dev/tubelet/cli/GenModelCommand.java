package dev.tubelet.cli;

import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.ModelTask;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.graph.VideoMaeGraphBuilder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet gen-model}: writes a VideoMAE model directory with seeded synthetic weights. */
@Command(
        name = "gen-model",
        mixinStandardHelpOptions = true,
        description = {
            "Write a VideoMAE model (model.onnx, config.json, preprocessor_config.json) with the official "
                    + "fine-tuning architecture and seeded synthetic weights: a clip classifier, or with --task detect an AVA-style "
                    + "detection model (inputs pixel_values and rois [boxes, 5]; RoIAlign over the encoder's time-averaged token grid, "
                    + "max pooling, per-box multi-label logits); with --task anomaly a masked autoencoder with VideoMAE's "
                    + "pretraining decoder for the size, as an anomaly model (tubelet anomaly, --anomaly-model).",
            "The weights are synthetic: the labels mean nothing until a real checkpoint is imported."
        })
final class GenModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--size",
            paramLabel = "tiny|small|base|large|passthrough",
            defaultValue = "small",
            converter = SizeConverter.class,
            description = "ViT size: tiny (64 wide, 2 blocks), small (ViT-S, 384/12/6), base (ViT-B, 768/12/12), "
                    + "large (ViT-L, 1024/24/16); or passthrough: VideoMAE's contract (input, outputs, config files) "
                    + "with a model that costs one pass over the input (channel means, a linear head), to measure "
                    + "the pipeline rather than the model. Default: ${DEFAULT-VALUE}.")
    SizeChoice size;

    @Option(
            names = "--task",
            paramLabel = "classify|detect|anomaly",
            defaultValue = "classify",
            converter = TaskConverter.class,
            description =
                    "classify (one label set per clip), detect (per-box actions, for --detect-model) or anomaly (a "
                            + "reconstruction score, for --anomaly-model) (default: ${DEFAULT-VALUE}).")
    ModelTask task;

    @Option(
            names = "--classes",
            paramLabel = "N",
            description = "Classes of the head (default: 400 as Kinetics-400; 80 with --task detect, as AVA).")
    Integer classes;

    @Option(
            names = "--frames",
            paramLabel = "T",
            defaultValue = "16",
            description = "Frames per clip (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--image-size",
            paramLabel = "PX",
            defaultValue = "224",
            description = "Input height and width (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(
            names = "--no-mean-pooling",
            description = "Final norm and first token instead of fc_norm over the mean of tokens "
                    + "(as Hugging Face fine-tunes with use_mean_pooling: false).")
    boolean noMeanPooling;

    @Option(
            names = "--layout",
            paramLabel = "BTCHW|BCTHW",
            defaultValue = "BTCHW",
            converter = LayoutConverter.class,
            description =
                    "Input layout: BTCHW (Hugging Face) or BCTHW (original VideoMAE code). Default: ${DEFAULT-VALUE}.")
    InputLayout layout;

    @Mixin
    GraphFormOptions graphForm;

    @Option(names = "--multi-label", description = "Multi-label head (sigmoid scores), as for AVA actions.")
    boolean multiLabel;

    @Option(names = "--labels", paramLabel = "FILE", description = "Class names, one per line (as many as --classes).")
    Path labels;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (task == ModelTask.ANOMALY) {
            return anomaly();
        }
        boolean detect = task == ModelTask.DETECTION;
        if (detect && graphForm.fp16) {
            throw new IllegalArgumentException(
                    "--fp16: detection models are float32; expected --task classify with --fp16, found --task detect");
        }
        if (size.passThrough() && detect) {
            throw new IllegalArgumentException(
                    "--size passthrough: the pass-through model classifies clips; expected --task classify, found --task detect");
        }
        int classCount = classes != null ? classes : detect ? 80 : 400;
        VideoMaeArchitecture arch = VideoMaeArchitecture.builder(size.vit())
                .numClasses(classCount)
                .numFrames(frames)
                .imageSize(imageSize)
                .useMeanPooling(!noMeanPooling && !detect)
                .layout(layout)
                .float16(graphForm.fp16)
                .fusedAttention(graphForm.fusedAttention())
                .problemType(multiLabel || detect ? ProblemType.MULTI_LABEL : ProblemType.SINGLE_LABEL)
                .build();
        ModelDirectoryWriter writer = new ModelDirectoryWriter(arch, new SeededWeights(seed))
                .task(task)
                .passThrough(size.passThrough());
        if (labels != null) {
            writer.labels(LabelSet.readLines(labels));
        }
        Path onnx = writer.write(out);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "wrote %s: %s, %d frames of %dx%d, %s, %d classes, %s%n",
                        onnx,
                        size.passThrough()
                                ? "pass-through model (VideoMAE's contract, one pass over the input)"
                                : String.format(
                                        Locale.ROOT,
                                        "VideoMAE %s (%.1fM parameters)",
                                        size.vit().name().toLowerCase(Locale.ROOT),
                                        arch.parameterCount() / 1e6),
                        frames,
                        imageSize,
                        imageSize,
                        layout,
                        classCount,
                        size.passThrough()
                                ? "channel means and a linear head"
                                : detect
                                        ? "detection head (RoIAlign " + VideoMaeGraphBuilder.ROI_RESOLUTION + "x"
                                                + VideoMaeGraphBuilder.ROI_RESOLUTION + ", max pool, multi-label)"
                                        : (noMeanPooling ? "first-token" : "mean") + " pooling");
        spec.commandLine()
                .getOut()
                .println("note: the weights are synthetic (seed " + seed
                        + "); its labels mean nothing until a real checkpoint is imported");
        return 0;
    }

    private int anomaly() throws Exception {
        if (size.passThrough() || graphForm.fp16 || multiLabel || labels != null || classes != null) {
            throw new IllegalArgumentException("--task anomaly: expected a ViT size and none of --fp16, --multi-label, "
                    + "--labels, --classes (an anomaly model has no classes and computes in float32)");
        }
        VideoMaeArchitecture encoder = VideoMaeArchitecture.builder(size.vit())
                .numClasses(1)
                .numFrames(frames)
                .imageSize(imageSize)
                .useMeanPooling(false)
                .layout(layout)
                .fusedAttention(graphForm.fusedAttention())
                .build();
        MaskedAutoencoderArchitecture arch =
                MaskedAutoencoderArchitecture.of(encoder, size.vit(), MaskedAutoencoderArchitecture.DEFAULT_MASK_RATIO);
        Path onnx = ModelDirectoryWriter.writeAnomaly(
                arch, new SeededWeights(seed), PreprocessorConfig.videoMaeDefaults(imageSize), out);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "wrote %s: VideoMAE %s masked autoencoder as an anomaly model (%.1fM parameters; decoder %d wide, "
                                + "%d blocks), %d frames of %dx%d, %s, %d tube masks%n",
                        onnx,
                        size.vit().name().toLowerCase(Locale.ROOT),
                        arch.parameterCount() / 1e6,
                        arch.decoderWidth(),
                        arch.decoderDepth(),
                        frames,
                        imageSize,
                        imageSize,
                        layout,
                        arch.masks().count());
        spec.commandLine()
                .getOut()
                .println("note: the weights are synthetic (seed " + seed
                        + "); its scores mean nothing until a pretraining checkpoint is imported");
        return 0;
    }

    /**
     * A ViT size, or the pass-through model (whose config files are those of the tiny size).
     *
     * @param vit the ViT size the config describes
     * @param passThrough whether the graph is the pass-through model
     */
    record SizeChoice(VideoMaeArchitecture.Size vit, boolean passThrough) {}

    static final class SizeConverter implements picocli.CommandLine.ITypeConverter<SizeChoice> {
        @Override
        public SizeChoice convert(String value) {
            if (value.strip().equalsIgnoreCase("passthrough")) {
                return new SizeChoice(VideoMaeArchitecture.Size.TINY, true);
            }
            try {
                return new SizeChoice(VideoMaeArchitecture.Size.parse(value), false);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected tiny, small, base, large or passthrough, found '" + value + "'");
            }
        }
    }

    static final class TaskConverter implements picocli.CommandLine.ITypeConverter<ModelTask> {
        @Override
        public ModelTask convert(String value) {
            try {
                return ModelTask.parse(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LayoutConverter implements picocli.CommandLine.ITypeConverter<InputLayout> {
        @Override
        public InputLayout convert(String value) {
            try {
                return InputLayout.parse(value);
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("expected BTCHW or BCTHW, found '" + value + "'");
            }
        }
    }
}
