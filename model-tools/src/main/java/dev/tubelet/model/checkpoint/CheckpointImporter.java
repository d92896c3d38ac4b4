package dev.tubelet.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.model.InvalidModelException;
import dev.tubelet.model.config.LabelSet;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ProblemType;
import dev.tubelet.model.config.VideoMaeConfig;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fine-tuned VideoMAE checkpoint (safetensors or {@code torch.save}, original or Hugging
 * Face names) into a model directory the runtime loads: the architecture is read off the tensors
 * (width, depth, tubelet and patch size, MLP width, pooling, classes) and checked against
 * config.json where one is given; every tensor must be used exactly once with the shape the
 * architecture needs, or the import stops with one message listing what is missing, unexpected
 * and mis-shaped; then the graph builder writes the graph with the checkpoint's weights.
 *
 * <pre>{@code
 * ImportResult result = CheckpointImporter.importCheckpoint(
 *         ImportOptions.builder(Path.of("model.safetensors"), Path.of("models/k400")).build());
 * }</pre>
 */
public final class CheckpointImporter {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointImporter.class);
    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\..*");
    /** Attention heads of the standard ViT widths (VideoMAE's ViT-S/B/L/H, ViT-Ti, and gen-model's tiny). */
    static final Map<Integer, Integer> STANDARD_HEADS =
            Map.of(64, 2, 192, 3, 384, 6, 768, 12, 1024, 16, 1280, 16, 1408, 16);

    private static final int LISTED = 8;

    /**
     * @param architecture what was imported
     * @param scheme the naming the checkpoint used
     * @param tensors how many tensors were read
     * @param onnx the written graph
     * @param autoencoder for a pretraining checkpoint, the masked autoencoder written as an anomaly model
     *     ({@code architecture} is then its encoder); null for a fine-tuned one
     */
    public record ImportResult(
            VideoMaeArchitecture architecture,
            NameScheme scheme,
            int tensors,
            Path onnx,
            MaskedAutoencoderArchitecture autoencoder) {
        /** @return whether an anomaly model was written */
        public boolean anomaly() {
            return autoencoder != null;
        }
    }

    private CheckpointImporter() {}

    /**
     * @param options what to import and where
     * @return what was imported
     * @throws CheckpointFormatException when the checkpoint cannot be read, is unsafe, or does not fit VideoMAE
     * @throws InvalidModelException when config.json, the labels or the options contradict the tensors
     * @throws IOException when the model directory cannot be written
     */
    public static ImportResult importCheckpoint(ImportOptions options) throws IOException {
        Path checkpoint = options.checkpoint();
        String source = checkpoint.getFileName().toString();
        Optional<Path> configFile = options.config().or(() -> beside(checkpoint, "config.json"));
        Optional<Path> preprocessorFile =
                options.preprocessor().or(() -> beside(checkpoint, "preprocessor_config.json"));
        configFile.ifPresent(f -> LOG.info("configuration from {}", f));

        Map<String, CheckpointTensor> raw = new LinkedHashMap<>();
        CheckpointReader.read(checkpoint)
                .forEach((name, tensor) -> raw.put(name.startsWith("module.") ? name.substring(7) : name, tensor));
        if (raw.isEmpty()) {
            throw new CheckpointFormatException(source + ": holds no tensors");
        }
        JsonNode config = configFile.map(CheckpointImporter::readJson).orElse(null);
        if (NameScheme.isPretraining(raw.keySet())) {
            return PretrainingImport.importAnomalyModel(raw, config, preprocessorFile, options, source);
        }
        NameScheme scheme = NameScheme.detect(raw.keySet(), source);
        Map<String, List<CheckpointTensor>> named = scheme.toOriginalNames(raw);

        VideoMaeArchitecture arch = architecture(named, scheme, config, options, source);
        checkTensors(
                named,
                arch.weightShapes(),
                "a VideoMAE of width " + arch.hiddenSize() + ", depth " + arch.depth() + ", "
                        + (arch.useMeanPooling() ? "mean" : "first-token") + " pooling",
                source);

        LabelSet labels = labels(options, configFile, arch.numClasses());
        PreprocessorConfig preprocessor = preprocessing(preprocessorFile, arch.imageSize());
        CheckpointWeights weights = new CheckpointWeights(named);
        Path onnx = new ModelDirectoryWriter(arch, weights)
                .labels(labels)
                .preprocessor(preprocessor)
                .write(options.out());
        if (!weights.unused().isEmpty()) {
            throw new IllegalStateException("tensors checked but not built: " + weights.unused());
        }
        LOG.info(
                "imported {} ({} names): {} wide, {} blocks, {} heads, {}x{}x{}, {} pooling, {} classes{} -> {}",
                source,
                scheme == NameScheme.ORIGINAL ? "original" : "Hugging Face",
                arch.hiddenSize(),
                arch.depth(),
                arch.heads(),
                arch.numFrames(),
                arch.imageSize(),
                arch.imageSize(),
                arch.useMeanPooling() ? "mean" : "first-token",
                arch.numClasses(),
                v2Options(arch),
                onnx);
        return new ImportResult(arch, scheme, raw.size(), onnx, null);
    }

    /** The preprocessing to write beside the model: the file given or found, else VideoMAE's; it must crop to the input. */
    static PreprocessorConfig preprocessing(Optional<Path> preprocessorFile, int imageSize) {
        PreprocessorConfig preprocessor =
                preprocessorFile.map(PreprocessorConfig::read).orElse(PreprocessorConfig.videoMaeDefaults(imageSize));
        int[] crop = preprocessor.fixedOutputSize();
        if (crop == null || crop[0] != imageSize || crop[1] != imageSize) {
            throw new InvalidModelException(
                    preprocessorFile.map(Object::toString).orElse("preprocessing") + ": crops to "
                            + (crop == null ? "no fixed size" : crop[0] + "x" + crop[1]) + ", the model takes "
                            + imageSize + "x" + imageSize);
        }
        return preprocessor;
    }

    /**
     * @param arch an imported architecture
     * @return ", patch 14, MLP 6144, layer scale, cosine attention" for what differs from VideoMAE's
     *     defaults (VideoMAE V2's options), or ""
     */
    public static String v2Options(VideoMaeArchitecture arch) {
        StringBuilder out = new StringBuilder();
        if (arch.patchSize() != 16) {
            out.append(", patch ").append(arch.patchSize());
        }
        if (arch.mlpHidden() != 4 * arch.hiddenSize()) {
            out.append(", MLP ").append(arch.mlpHidden());
        }
        if (arch.layerScale()) {
            out.append(", layer scale");
        }
        if (arch.cosineAttention()) {
            out.append(", cosine attention");
        }
        return out.toString();
    }

    private static Optional<Path> beside(Path checkpoint, String name) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve(name);
        return file != null && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    static JsonNode readJson(Path file) {
        VideoMaeConfig.read(file); // validates types and sizes, with messages naming the file
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidModelException(file + ": not valid JSON", e);
        }
    }

    private static VideoMaeArchitecture architecture(
            Map<String, List<CheckpointTensor>> named,
            NameScheme scheme,
            JsonNode config,
            ImportOptions options,
            String source) {
        long[] patch = single(named, "patch_embed.proj.weight", source).shape();
        if (patch.length != 5 || patch[1] != 3) {
            throw new CheckpointFormatException(
                    source + ": the tubelet embedding weight should be [width, 3, tubelet, patch, patch], found "
                            + Arrays.toString(patch));
        }
        int width = (int) patch[0];
        int depth = 0;
        for (String name : named.keySet()) {
            Matcher m = BLOCK.matcher(name);
            if (m.matches()) {
                depth = Math.max(depth, Integer.parseInt(m.group(1)) + 1);
            }
        }
        if (depth == 0) {
            throw new CheckpointFormatException(source + ": no transformer blocks found");
        }
        long[] fc1 = single(named, "blocks.0.mlp.fc1.weight", source).shape();
        // any MLP width: 4 × the embedding's in VideoMAE, 48/11 × in VideoMAE V2's ViT-g
        if (fc1.length != 2 || fc1[1] != width || fc1[0] <= 0) {
            throw new CheckpointFormatException(source + ": blocks.0.mlp.fc1.weight should be [hidden, " + width
                    + "], found " + Arrays.toString(fc1));
        }
        if (!named.containsKey("head.weight")) {
            throw new CheckpointFormatException(source + ": no classification head ("
                    + (scheme == NameScheme.ORIGINAL ? "head.weight" : "classifier.weight")
                    + "); a fine-tuned checkpoint is needed");
        }
        int classes = (int) single(named, "head.weight", source).shape()[0];
        boolean meanPooling = named.containsKey("fc_norm.weight") || !named.containsKey("norm.weight");

        List<String> conflicts = new ArrayList<>();
        if (config != null) {
            confirm(config, "hidden_size", width, conflicts);
            confirm(config, "num_hidden_layers", depth, conflicts);
            confirm(config, "intermediate_size", (int) fc1[0], conflicts);
            confirm(config, "tubelet_size", (int) patch[2], conflicts);
            confirm(config, "patch_size", (int) patch[3], conflicts);
            if (config.has("use_mean_pooling") && config.get("use_mean_pooling").asBoolean() != meanPooling) {
                conflicts.add(
                        "use_mean_pooling is " + config.get("use_mean_pooling").asBoolean() + " but the checkpoint has "
                                + (meanPooling ? "fc_norm (mean pooling)" : "a final norm (first-token pooling)"));
            }
            if (config.has("id2label")
                    && config.get("id2label").size() > 0
                    && config.get("id2label").size() != classes) {
                conflicts.add(
                        "id2label names " + config.get("id2label").size() + " classes but the head has " + classes);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new InvalidModelException(
                    "config.json does not match " + source + ": " + String.join("; ", conflicts));
        }
        Integer heads = options.heads()
                .orElse(
                        config != null && config.has("num_attention_heads")
                                ? Integer.valueOf(
                                        config.get("num_attention_heads").asInt())
                                : STANDARD_HEADS.get(width));
        if (heads == null) {
            throw new InvalidModelException(
                    source + ": a " + width + "-wide encoder is not a standard ViT size; give the number of "
                            + "attention heads with --heads or a config.json");
        }
        int frames = options.frames()
                .orElse(
                        config != null && config.has("num_frames")
                                ? config.get("num_frames").asInt()
                                : 16);
        int imageSize = options.imageSize()
                .orElse(
                        config != null && config.has("image_size")
                                ? config.get("image_size").asInt()
                                : 224);
        // The original code uses 1e-6 everywhere; Hugging Face's port takes layer_norm_eps (default 1e-12)
        // for the blocks and the final norm and leaves fc_norm at PyTorch's default 1e-5.
        double eps = scheme == NameScheme.ORIGINAL
                ? 1e-6
                : config != null && config.has("layer_norm_eps")
                        ? config.get("layer_norm_eps").asDouble()
                        : 1e-12;
        double fcEps = scheme == NameScheme.ORIGINAL ? 1e-6 : 1e-5;
        ProblemType problem = ProblemType.parse(
                config != null
                                && config.has("problem_type")
                                && !config.get("problem_type").isNull()
                        ? config.get("problem_type").asText()
                        : null);
        return VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.BASE)
                .hiddenSize(width)
                .depth(depth)
                .heads(heads)
                .mlpHidden((int) fc1[0])
                // VideoMAE V2's options, known by their tensors
                .layerScale(named.containsKey("blocks.0.gamma_1"))
                .cosineAttention(named.containsKey("blocks.0.attn.scale"))
                .tubeletSize((int) patch[2])
                .patchSize((int) patch[3])
                .numFrames(frames)
                .imageSize(imageSize)
                .numClasses(classes)
                .useMeanPooling(meanPooling)
                .layerNormEps(eps)
                .fcNormEps(fcEps)
                .layout(options.layout())
                .float16(options.float16())
                .fusedAttention(options.fusedAttention())
                .problemType(problem)
                .build();
    }

    static void confirm(JsonNode config, String field, int actual, List<String> conflicts) {
        if (config.has(field) && config.get(field).asInt() != actual) {
            conflicts.add(field + " is " + config.get(field).asInt() + " but the checkpoint's tensors give " + actual);
        }
    }

    static CheckpointTensor single(Map<String, List<CheckpointTensor>> named, String name, String source) {
        List<CheckpointTensor> tensors = named.get(name);
        if (tensors == null || tensors.size() != 1) {
            throw new CheckpointFormatException(source + ": expected a tensor " + name + ", found none");
        }
        return tensors.get(0);
    }

    /** Every tensor used once with its shape, or one message naming all that is wrong. */
    static void checkTensors(
            Map<String, List<CheckpointTensor>> named, Map<String, int[]> expected, String what, String source) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            List<CheckpointTensor> parts = named.get(e.getKey());
            if (parts == null) {
                missing.add(e.getKey());
                continue;
            }
            long[] found = stackedShape(parts);
            if (found == null
                    || !Arrays.equals(
                            found, Arrays.stream(e.getValue()).asLongStream().toArray())) {
                misShaped.add(describe(parts) + " (expected " + Arrays.toString(e.getValue()) + ")");
            }
        }
        for (Map.Entry<String, List<CheckpointTensor>> e : named.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                e.getValue().forEach(t -> unexpected.add(t.name() + Arrays.toString(t.shape())));
            }
        }
        if (missing.isEmpty() && misShaped.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + listed(missing));
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + listed(unexpected));
        }
        if (!misShaped.isEmpty()) {
            problems.add("wrong shape " + listed(misShaped));
        }
        throw new CheckpointFormatException(source + " does not fit " + what + ": " + String.join("; ", problems));
    }

    private static long[] stackedShape(List<CheckpointTensor> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        long[] shape = parts.get(0).shape();
        for (int i = 1; i < parts.size(); i++) {
            long[] next = parts.get(i).shape();
            if (next.length != shape.length
                    || !Arrays.equals(
                            Arrays.copyOfRange(next, 1, next.length), Arrays.copyOfRange(shape, 1, shape.length))) {
                return null;
            }
            shape[0] += next[0];
        }
        return shape;
    }

    private static String describe(List<CheckpointTensor> parts) {
        List<String> names = new ArrayList<>();
        for (CheckpointTensor t : parts) {
            names.add(t.name() + Arrays.toString(t.shape()));
        }
        return String.join(" + ", names);
    }

    private static String listed(List<String> items) {
        List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
        return "[" + String.join(", ", shown)
                + (items.size() > LISTED ? ", … " + (items.size() - LISTED) + " more" : "") + "]";
    }

    private static LabelSet labels(ImportOptions options, Optional<Path> configFile, int classes) {
        LabelSet labels = options.labels()
                .map(LabelSet::readLines)
                .orElse(configFile.flatMap(f -> VideoMaeConfig.read(f).labels()).orElse(LabelSet.unnamed(classes)));
        if (labels.size() != classes) {
            throw new InvalidModelException(
                    options.labels().map(Object::toString).orElse("config.json") + ": names " + labels.size()
                            + " classes, the checkpoint's head has " + classes);
        }
        return labels;
    }
}
