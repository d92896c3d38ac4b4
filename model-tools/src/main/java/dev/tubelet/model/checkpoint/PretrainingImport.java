package dev.tubelet.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VideoMAE pretraining checkpoint (the authors' {@code encoder.*}, {@code encoder_to_decoder},
 * {@code mask_token}, {@code decoder.*}, or Hugging Face's {@code VideoMAEForPreTraining}) into an
 * anomaly model directory: encoder and decoder geometry read off the tensors and checked against
 * config.json where one is given, every tensor used once with its shape, then the reconstruction
 * score's graph.
 */
final class PretrainingImport {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainingImport.class);
    private static final Pattern ENCODER_BLOCK = Pattern.compile("encoder\\.blocks\\.(\\d+)\\..*");
    private static final Pattern DECODER_BLOCK = Pattern.compile("decoder\\.blocks\\.(\\d+)\\..*");
    /** The authors' decoders: ViT-S 192/3, ViT-B 384/6, ViT-L 512/8, ViT-H 640/8 (width/heads). */
    private static final Map<Integer, Integer> DECODER_HEADS = Map.of(192, 3, 384, 6, 512, 8, 640, 8);

    private PretrainingImport() {}

    static CheckpointImporter.ImportResult importAnomalyModel(
            Map<String, CheckpointTensor> raw,
            JsonNode config,
            Optional<Path> preprocessorFile,
            ImportOptions options,
            String source)
            throws IOException {
        if (options.float16()) {
            throw new InvalidModelException("--fp16: " + source + " is a pretraining checkpoint; its anomaly model "
                    + "computes in float32 (the score is a mean squared error of normalized pixels)");
        }
        if (options.labels().isPresent()) {
            throw new InvalidModelException("--labels: " + source + " is a pretraining checkpoint (an anomaly model "
                    + "has no classes), found labels " + options.labels().get());
        }
        NameScheme scheme = NameScheme.detectPretraining(raw.keySet(), source);
        Map<String, List<CheckpointTensor>> named = scheme.toPretrainingNames(raw);
        MaskedAutoencoderArchitecture arch = architecture(named, scheme, config, options, source);
        CheckpointImporter.checkTensors(
                named,
                arch.weightShapes(),
                "a VideoMAE masked autoencoder of width " + arch.encoder().hiddenSize() + ", depth "
                        + arch.encoder().depth() + ", decoder width " + arch.decoderWidth() + ", decoder depth "
                        + arch.decoderDepth(),
                source);
        PreprocessorConfig preprocessor = CheckpointImporter.preprocessing(
                preprocessorFile, arch.encoder().imageSize());
        CheckpointWeights weights = new CheckpointWeights(named);
        Path onnx = ModelDirectoryWriter.writeAnomaly(arch, weights, preprocessor, options.out());
        if (!weights.unused().isEmpty()) {
            throw new IllegalStateException("tensors checked but not built: " + weights.unused());
        }
        LOG.info(
                "imported {} ({} names) as an anomaly model: encoder {} wide, {} blocks; decoder {} wide, {} blocks; "
                        + "{} masks -> {}",
                source,
                scheme == NameScheme.ORIGINAL ? "original" : "Hugging Face",
                arch.encoder().hiddenSize(),
                arch.encoder().depth(),
                arch.decoderWidth(),
                arch.decoderDepth(),
                arch.masks().count(),
                onnx);
        return new CheckpointImporter.ImportResult(arch.encoder(), scheme, raw.size(), onnx, arch);
    }

    private static MaskedAutoencoderArchitecture architecture(
            Map<String, List<CheckpointTensor>> named,
            NameScheme scheme,
            JsonNode config,
            ImportOptions options,
            String source) {
        long[] patch = CheckpointImporter.single(named, "encoder.patch_embed.proj.weight", source)
                .shape();
        if (patch.length != 5 || patch[1] != 3) {
            throw new CheckpointFormatException(source
                    + ": the tubelet embedding weight should be [width, 3, tubelet, patch, patch], found "
                    + Arrays.toString(patch));
        }
        int width = (int) patch[0];
        int depth = depth(named, ENCODER_BLOCK, source, "encoder");
        int mlp = mlpWidth(named, "encoder.blocks.0.mlp.fc1.weight", width, source);
        long[] toDecoder = CheckpointImporter.single(named, "encoder_to_decoder.weight", source)
                .shape();
        if (toDecoder.length != 2 || toDecoder[1] != width) {
            throw new CheckpointFormatException(source + ": encoder_to_decoder.weight should be [decoder width, "
                    + width + "], found " + Arrays.toString(toDecoder));
        }
        int decoderWidth = (int) toDecoder[0];
        int decoderDepth = depth(named, DECODER_BLOCK, source, "decoder");
        int decoderMlp = mlpWidth(named, "decoder.blocks.0.mlp.fc1.weight", decoderWidth, source);

        List<String> conflicts = new ArrayList<>();
        if (config != null) {
            CheckpointImporter.confirm(config, "hidden_size", width, conflicts);
            CheckpointImporter.confirm(config, "num_hidden_layers", depth, conflicts);
            CheckpointImporter.confirm(config, "intermediate_size", mlp, conflicts);
            CheckpointImporter.confirm(config, "tubelet_size", (int) patch[2], conflicts);
            CheckpointImporter.confirm(config, "patch_size", (int) patch[3], conflicts);
            CheckpointImporter.confirm(config, "decoder_hidden_size", decoderWidth, conflicts);
            CheckpointImporter.confirm(config, "decoder_num_hidden_layers", decoderDepth, conflicts);
            CheckpointImporter.confirm(config, "decoder_intermediate_size", decoderMlp, conflicts);
        }
        if (!conflicts.isEmpty()) {
            throw new InvalidModelException(
                    "config.json does not match " + source + ": " + String.join("; ", conflicts));
        }
        Integer heads = options.heads()
                .orElse(intField(config, "num_attention_heads").orElse(CheckpointImporter.STANDARD_HEADS.get(width)));
        if (heads == null) {
            throw new InvalidModelException(source + ": a " + width + "-wide encoder is not a standard ViT size; give "
                    + "the number of attention heads with --heads or a config.json");
        }
        Integer decoderHeads = options.decoderHeads()
                .orElse(intField(config, "decoder_num_attention_heads").orElse(DECODER_HEADS.get(decoderWidth)));
        if (decoderHeads == null) {
            throw new InvalidModelException(source + ": a " + decoderWidth + "-wide decoder is not one of VideoMAE's "
                    + "(192, 384, 512, 640); give its attention heads with --decoder-heads or a config.json");
        }
        double maskRatio = options.maskRatio()
                .orElse(
                        config != null && config.has("mask_ratio")
                                ? config.get("mask_ratio").asDouble()
                                : MaskedAutoencoderArchitecture.DEFAULT_MASK_RATIO);
        // The authors' code uses 1e-6 everywhere; Hugging Face's port takes layer_norm_eps (default 1e-12) for
        // every block and the encoder's norm and leaves decoder.norm at PyTorch's default 1e-5.
        boolean original = scheme == NameScheme.ORIGINAL;
        double eps = original
                ? 1e-6
                : config != null && config.has("layer_norm_eps")
                        ? config.get("layer_norm_eps").asDouble()
                        : 1e-12;
        VideoMaeArchitecture encoder = VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.BASE)
                .hiddenSize(width)
                .depth(depth)
                .heads(heads)
                .mlpHidden(mlp)
                .layerScale(named.containsKey("encoder.blocks.0.gamma_1"))
                .cosineAttention(named.containsKey("encoder.blocks.0.attn.scale"))
                .tubeletSize((int) patch[2])
                .patchSize((int) patch[3])
                .numFrames(
                        options.frames().orElse(intField(config, "num_frames").orElse(16)))
                .imageSize(options.imageSize()
                        .orElse(intField(config, "image_size").orElse(224)))
                // the head fields are not used: the values predicted per token stand in for classes
                .numClasses(3 * (int) patch[2] * (int) patch[3] * (int) patch[4])
                .useMeanPooling(false)
                .layerNormEps(eps)
                .layout(options.layout())
                .fusedAttention(options.fusedAttention())
                .build();
        return new MaskedAutoencoderArchitecture(
                encoder,
                named.containsKey("encoder.norm.weight"),
                decoderWidth,
                decoderDepth,
                decoderHeads,
                decoderMlp,
                eps,
                original ? 1e-6 : 1e-5,
                maskRatio);
    }

    private static Optional<Integer> intField(JsonNode config, String field) {
        return config != null && config.has(field)
                ? Optional.of(config.get(field).asInt())
                : Optional.empty();
    }

    private static int depth(Map<String, List<CheckpointTensor>> named, Pattern block, String source, String what) {
        int depth = 0;
        for (String name : named.keySet()) {
            Matcher m = block.matcher(name);
            if (m.matches()) {
                depth = Math.max(depth, Integer.parseInt(m.group(1)) + 1);
            }
        }
        if (depth == 0) {
            throw new CheckpointFormatException(source + ": no " + what + " blocks found");
        }
        return depth;
    }

    private static int mlpWidth(Map<String, List<CheckpointTensor>> named, String name, int width, String source) {
        long[] fc1 = CheckpointImporter.single(named, name, source).shape();
        if (fc1.length != 2 || fc1[1] != width || fc1[0] <= 0) {
            throw new CheckpointFormatException(
                    source + ": " + name + " should be [hidden, " + width + "], found " + Arrays.toString(fc1));
        }
        return (int) fc1[0];
    }
}
