package dev.tubelet.cli;

import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.checkpoint.CheckpointImporter;
import dev.tubelet.model.checkpoint.ImportOptions;
import dev.tubelet.model.checkpoint.NameScheme;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet import}: a fine-tuned VideoMAE checkpoint into a model directory, without Python. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Turn a fine-tuned VideoMAE checkpoint (model.safetensors, pytorch_model.bin or a .pth from the authors' "
                    + "release; Hugging Face or original names) into a model directory the runtime loads.",
            "A pretraining checkpoint (encoder + decoder) becomes an anomaly model (tubelet anomaly, the job's "
                    + "--anomaly-model).",
            "config.json and preprocessor_config.json beside the checkpoint are used when present. "
                    + "Pickled checkpoints are read without running any Python: only tensors, state dicts and plain values are accepted."
        })
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            required = true,
            description =
                    "model.safetensors, pytorch_model.bin, checkpoint.pth (state dict at the top or under model/module/state_dict).")
    Path checkpoint;

    @Option(
            names = "--config",
            paramLabel = "config.json",
            description = "Hugging Face config.json (default: the one beside the checkpoint).")
    Path config;

    @Option(
            names = "--preprocessor",
            paramLabel = "preprocessor_config.json",
            description = "Preprocessing (default: the one beside the checkpoint, else VideoMAE's).")
    Path preprocessor;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "Class names, one per line (default: config.json's id2label).")
    Path labels;

    @Mixin
    GraphFormOptions graphForm;

    @Option(
            names = "--frames",
            paramLabel = "T",
            description = "Frames per clip when no config.json says (default 16).")
    Integer frames;

    @Option(
            names = "--image-size",
            paramLabel = "PX",
            description = "Input size when no config.json says (default 224).")
    Integer imageSize;

    @Option(
            names = "--heads",
            paramLabel = "N",
            description = "Attention heads, for widths other than ViT-S/B/L/H without a config.json.")
    Integer heads;

    @Option(
            names = "--decoder-heads",
            paramLabel = "N",
            description = "Pretraining checkpoints: decoder attention heads, for decoder widths other than VideoMAE's "
                    + "(192, 384, 512, 640) without a config.json.")
    Integer decoderHeads;

    @Option(
            names = "--mask-ratio",
            paramLabel = "R",
            description = "Pretraining checkpoints: the share of positions each tube mask of the anomaly score hides "
                    + "(default: config.json's mask_ratio, else 0.9, as VideoMAE pretrains; 10 masks).")
    Double maskRatio;

    @Option(
            names = "--layout",
            paramLabel = "BTCHW|BCTHW",
            defaultValue = "BTCHW",
            converter = GenModelCommand.LayoutConverter.class,
            description = "Input layout of the written graph (default: ${DEFAULT-VALUE}).")
    InputLayout layout;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Model directory to write.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        CheckpointImporter.ImportResult result =
                CheckpointImporter.importCheckpoint(ImportOptions.builder(checkpoint, out)
                        .config(config)
                        .preprocessor(preprocessor)
                        .labels(labels)
                        .float16(graphForm.fp16)
                        .fusedAttention(graphForm.fusedAttention())
                        .frames(frames)
                        .imageSize(imageSize)
                        .heads(heads)
                        .layout(layout)
                        .decoderHeads(decoderHeads)
                        .maskRatio(maskRatio)
                        .build());
        VideoMaeArchitecture a = result.architecture();
        if (result.anomaly()) {
            MaskedAutoencoderArchitecture mae = result.autoencoder();
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "imported %s (%s names, %d tensors) as an anomaly model: VideoMAE masked autoencoder, "
                                    + "encoder %d wide, %d blocks, %d heads; decoder %d wide, %d blocks, %d heads; "
                                    + "%d frames of %dx%d; %d tube masks (mask ratio %s)%s%n"
                                    + "wrote %s%n",
                            checkpoint.getFileName(),
                            result.scheme() == NameScheme.ORIGINAL ? "original" : "Hugging Face",
                            result.tensors(),
                            a.hiddenSize(),
                            a.depth(),
                            a.heads(),
                            mae.decoderWidth(),
                            mae.decoderDepth(),
                            mae.decoderHeads(),
                            a.numFrames(),
                            a.imageSize(),
                            a.imageSize(),
                            mae.masks().count(),
                            mae.maskRatio(),
                            CheckpointImporter.v2Options(a),
                            result.onnx());
            return 0;
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "imported %s (%s names, %d tensors): VideoMAE %d wide, %d blocks, %d heads, %d frames of %dx%d, %s pooling, %d classes%s%n"
                                + "wrote %s%n",
                        checkpoint.getFileName(),
                        result.scheme() == NameScheme.ORIGINAL ? "original" : "Hugging Face",
                        result.tensors(),
                        a.hiddenSize(),
                        a.depth(),
                        a.heads(),
                        a.numFrames(),
                        a.imageSize(),
                        a.imageSize(),
                        a.useMeanPooling() ? "mean" : "first-token",
                        a.numClasses(),
                        CheckpointImporter.v2Options(a),
                        result.onnx());
        return 0;
    }
}
