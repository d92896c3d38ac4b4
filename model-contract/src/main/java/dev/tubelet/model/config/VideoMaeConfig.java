package dev.tubelet.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Hugging Face VideoMAE {@code config.json} that the runtime and the graph
 * builder use. Absent fields take {@code VideoMAEConfig}'s defaults.
 *
 * @param numFrames frames per clip ({@code num_frames})
 * @param tubeletSize frames per tubelet ({@code tubelet_size})
 * @param imageSize input height and width ({@code image_size})
 * @param patchSize spatial patch size ({@code patch_size})
 * @param hiddenSize embedding width ({@code hidden_size})
 * @param numHiddenLayers encoder depth ({@code num_hidden_layers})
 * @param numAttentionHeads attention heads ({@code num_attention_heads})
 * @param intermediateSize MLP width ({@code intermediate_size})
 * @param layerNormEps LayerNorm epsilon ({@code layer_norm_eps})
 * @param useMeanPooling mean of tokens + fc_norm (true) or final norm + token 0 (false)
 * @param problemType how logits become scores
 * @param labels class names from {@code id2label}, or empty when the file names none
 * @param inputLayout the clip layout, when the file states it ({@code tubelet_input_layout})
 */
public record VideoMaeConfig(
        int numFrames,
        int tubeletSize,
        int imageSize,
        int patchSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        double layerNormEps,
        boolean useMeanPooling,
        ProblemType problemType,
        Optional<LabelSet> labels,
        Optional<InputLayout> inputLayout) {

    /** Our own key in config.json: which layout the exported graph takes. */
    public static final String LAYOUT_KEY = "tubelet_input_layout";

    /**
     * @return the defaults of Hugging Face's {@code VideoMAEConfig} (ViT-B, 16 frames, 224 px)
     */
    public static VideoMaeConfig defaults() {
        return new VideoMaeConfig(
                16,
                2,
                224,
                16,
                768,
                12,
                12,
                3072,
                1e-12,
                true,
                ProblemType.SINGLE_LABEL,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * @param file a Hugging Face style config.json
     * @return the configuration it holds
     * @throws InvalidModelException when the file is missing, not JSON, or a field has the wrong type
     */
    public static VideoMaeConfig read(Path file) {
        JsonNode json = JsonFiles.read(file);
        VideoMaeConfig d = defaults();
        Optional<LabelSet> labels = Optional.empty();
        JsonNode id2label = json.get("id2label");
        if (id2label != null && id2label.isObject() && id2label.size() > 0) {
            Map<String, String> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue().asText());
            }
            labels = Optional.of(LabelSet.fromId2Label(map, file.toString()));
        }
        String layout = JsonFiles.textField(json, LAYOUT_KEY);
        VideoMaeConfig config = new VideoMaeConfig(
                JsonFiles.intField(json, "num_frames", d.numFrames, file),
                JsonFiles.intField(json, "tubelet_size", d.tubeletSize, file),
                JsonFiles.intField(json, "image_size", d.imageSize, file),
                JsonFiles.intField(json, "patch_size", d.patchSize, file),
                JsonFiles.intField(json, "hidden_size", d.hiddenSize, file),
                JsonFiles.intField(json, "num_hidden_layers", d.numHiddenLayers, file),
                JsonFiles.intField(json, "num_attention_heads", d.numAttentionHeads, file),
                JsonFiles.intField(json, "intermediate_size", d.intermediateSize, file),
                JsonFiles.doubleField(json, "layer_norm_eps", d.layerNormEps, file),
                JsonFiles.boolField(json, "use_mean_pooling", d.useMeanPooling, file),
                ProblemType.parse(JsonFiles.textField(json, "problem_type")),
                labels,
                layout == null ? Optional.empty() : Optional.of(InputLayout.parse(layout)));
        config.validate(file.toString());
        return config;
    }

    /**
     * @param source where the values came from, for the message
     * @throws InvalidModelException when a size is not positive or frames do not split into tubelets
     */
    public void validate(String source) {
        requirePositive(source, "num_frames", numFrames);
        requirePositive(source, "tubelet_size", tubeletSize);
        requirePositive(source, "image_size", imageSize);
        requirePositive(source, "patch_size", patchSize);
        if (numFrames % tubeletSize != 0) {
            throw new InvalidModelException(source + ": num_frames must be a multiple of tubelet_size (" + tubeletSize
                    + "), found " + numFrames);
        }
        if (imageSize % patchSize != 0) {
            throw new InvalidModelException(
                    source + ": image_size must be a multiple of patch_size (" + patchSize + "), found " + imageSize);
        }
    }

    private static void requirePositive(String source, String field, int value) {
        if (value <= 0) {
            throw new InvalidModelException(source + ": '" + field + "' must be positive, found " + value);
        }
    }

    /**
     * @param labels the class names to write as {@code id2label}/{@code label2id}
     * @return the Hugging Face style config.json for this configuration
     */
    public ObjectNode toJson(LabelSet labels) {
        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.putArray("architectures").add("VideoMAEForVideoClassification");
        json.put("model_type", "videomae");
        json.put("num_channels", 3);
        json.put("num_frames", numFrames);
        json.put("tubelet_size", tubeletSize);
        json.put("image_size", imageSize);
        json.put("patch_size", patchSize);
        json.put("hidden_size", hiddenSize);
        json.put("num_hidden_layers", numHiddenLayers);
        json.put("num_attention_heads", numAttentionHeads);
        json.put("intermediate_size", intermediateSize);
        json.put("hidden_act", "gelu");
        json.put("qkv_bias", true);
        json.put("layer_norm_eps", layerNormEps);
        json.put("use_mean_pooling", useMeanPooling);
        json.put("problem_type", problemType.configName());
        inputLayout.ifPresent(layout -> json.put(LAYOUT_KEY, layout.name()));
        ObjectNode id2label = json.putObject("id2label");
        ObjectNode label2id = json.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.name(i));
            label2id.put(labels.name(i), i);
        }
        return json;
    }

    /**
     * @param file where to write config.json
     * @param labels the class names
     * @throws IOException when the file cannot be written
     */
    public void write(Path file, LabelSet labels) throws IOException {
        JsonFiles.write(file, toJson(labels));
    }
}
