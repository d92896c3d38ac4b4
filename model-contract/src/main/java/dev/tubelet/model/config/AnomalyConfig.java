package dev.tubelet.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.model.InvalidModelException;
import java.nio.file.Path;

/**
 * What an anomaly model's {@code config.json} adds to the encoder's VideoMAE fields: {@code "task":
 * "anomaly"}, the mask ratio and the number of tube masks the graph runs, and the decoder's geometry
 * (Hugging Face's {@code decoder_*} names, for people reading the directory).
 *
 * @param maskRatio the share of positions each tube mask hides ({@code mask_ratio})
 * @param masks the tube masks the graph runs, {@code round(1 / (1 − mask_ratio))} ({@code tubelet_anomaly_masks})
 * @param decoderHiddenSize decoder width
 * @param decoderLayers decoder blocks
 * @param decoderHeads decoder attention heads
 * @param decoderIntermediateSize decoder MLP width
 */
public record AnomalyConfig(
        double maskRatio,
        int masks,
        int decoderHiddenSize,
        int decoderLayers,
        int decoderHeads,
        int decoderIntermediateSize) {

    /** The key that says what a model directory's graph answers. */
    public static final String TASK_KEY = "task";
    /** Its value for an anomaly model. */
    public static final String ANOMALY = "anomaly";

    /**
     * @param file a config.json
     * @return whether it describes an anomaly model
     * @throws InvalidModelException when the file cannot be read as JSON
     */
    public static boolean isAnomaly(Path file) {
        return ANOMALY.equals(JsonFiles.textField(JsonFiles.read(file), TASK_KEY));
    }

    /**
     * @param file an anomaly model's config.json
     * @return its anomaly fields
     * @throws InvalidModelException when it is not an anomaly model's or a field is missing or out of range
     */
    public static AnomalyConfig read(Path file) {
        JsonNode json = JsonFiles.read(file);
        String task = JsonFiles.textField(json, TASK_KEY);
        if (!ANOMALY.equals(task)) {
            throw new InvalidModelException(file
                    + ": expected \"task\": \"anomaly\" (a model written by tubelet import "
                    + "from a pretraining checkpoint), found " + (task == null ? "no task" : "\"" + task + "\""));
        }
        AnomalyConfig config = new AnomalyConfig(
                JsonFiles.doubleField(json, "mask_ratio", 0.9, file),
                JsonFiles.intField(json, "tubelet_anomaly_masks", 0, file),
                JsonFiles.intField(json, "decoder_hidden_size", 0, file),
                JsonFiles.intField(json, "decoder_num_hidden_layers", 0, file),
                JsonFiles.intField(json, "decoder_num_attention_heads", 0, file),
                JsonFiles.intField(json, "decoder_intermediate_size", 0, file));
        if (config.masks < 2) {
            throw new InvalidModelException(
                    file + ": expected tubelet_anomaly_masks of at least 2, found " + config.masks);
        }
        return config;
    }

    /**
     * @param json a config.json being written (the encoder's fields already in it)
     */
    public void addTo(ObjectNode json) {
        json.putArray("architectures").add("VideoMAEForPreTraining");
        json.put(TASK_KEY, ANOMALY);
        json.put("mask_ratio", maskRatio);
        json.put("tubelet_anomaly_masks", masks);
        json.put("norm_pix_loss", true);
        json.put("decoder_hidden_size", decoderHiddenSize);
        json.put("decoder_num_hidden_layers", decoderLayers);
        json.put("decoder_num_attention_heads", decoderHeads);
        json.put("decoder_intermediate_size", decoderIntermediateSize);
    }
}
