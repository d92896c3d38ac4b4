package dev.tubelet.model.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways VideoMAE weights are named, and the translation of Hugging Face's names into the
 * original code's, which the graph builder asks for.
 */
public enum NameScheme {
    /** The authors' repository: {@code patch_embed.proj.*}, {@code blocks.N.attn.qkv.weight}, {@code head.*}. */
    ORIGINAL,
    /** Hugging Face's {@code VideoMAEForVideoClassification}: {@code videomae.encoder.layer.N…}, {@code classifier.*}. */
    HUGGING_FACE;

    private static final Pattern HF_LAYER = Pattern.compile("videomae\\.encoder\\.layer\\.(\\d+)\\.(.+)");
    private static final Map<String, String> HF_LAYER_PARTS = Map.ofEntries(
            Map.entry("attention.attention.q_bias", "attn.q_bias"),
            Map.entry("attention.attention.v_bias", "attn.v_bias"),
            Map.entry("attention.output.dense.weight", "attn.proj.weight"),
            Map.entry("attention.output.dense.bias", "attn.proj.bias"),
            Map.entry("intermediate.dense.weight", "mlp.fc1.weight"),
            Map.entry("intermediate.dense.bias", "mlp.fc1.bias"),
            Map.entry("output.dense.weight", "mlp.fc2.weight"),
            Map.entry("output.dense.bias", "mlp.fc2.bias"),
            Map.entry("layernorm_before.weight", "norm1.weight"),
            Map.entry("layernorm_before.bias", "norm1.bias"),
            Map.entry("layernorm_after.weight", "norm2.weight"),
            Map.entry("layernorm_after.bias", "norm2.bias"));
    private static final Pattern HF_DECODER_LAYER = Pattern.compile("decoder\\.decoder_layers\\.(\\d+)\\.(.+)");
    private static final Map<String, String> HF_PRETRAINING_TOP = Map.of(
            "videomae.embeddings.patch_embeddings.projection.weight", "encoder.patch_embed.proj.weight",
            "videomae.embeddings.patch_embeddings.projection.bias", "encoder.patch_embed.proj.bias",
            "videomae.layernorm.weight", "encoder.norm.weight",
            "videomae.layernorm.bias", "encoder.norm.bias");
    private static final Map<String, String> HF_TOP = Map.of(
            "videomae.embeddings.patch_embeddings.projection.weight", "patch_embed.proj.weight",
            "videomae.embeddings.patch_embeddings.projection.bias", "patch_embed.proj.bias",
            "videomae.layernorm.weight", "norm.weight",
            "videomae.layernorm.bias", "norm.bias",
            "fc_norm.weight", "fc_norm.weight",
            "fc_norm.bias", "fc_norm.bias",
            "classifier.weight", "head.weight",
            "classifier.bias", "head.bias");

    /**
     * @param names a checkpoint's tensor names (a DDP {@code module.} prefix already removed)
     * @param source the file, for messages
     * @return the scheme they follow
     * @throws CheckpointFormatException for pretraining checkpoints and for names of neither scheme
     */
    static NameScheme detect(Iterable<String> names, String source) {
        boolean hf = false;
        boolean original = false;
        List<String> sample = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith("decoder.")
                    || name.contains(".decoder.")
                    || name.equals("mask_token")
                    || name.startsWith("encoder_to_decoder")
                    || name.startsWith("encoder.")) {
                throw new CheckpointFormatException(
                        source + ": this is a VideoMAE pretraining checkpoint (encoder + decoder, " + "found " + name
                                + "); a fine-tuned checkpoint with a classification head is needed");
            }
            hf |= name.startsWith("videomae.") || name.startsWith("classifier.");
            original |= name.startsWith("blocks.") || name.startsWith("patch_embed.") || name.startsWith("head.");
            if (sample.size() < 3) {
                sample.add(name);
            }
        }
        if (hf && !original) {
            return HUGGING_FACE;
        }
        if (original && !hf) {
            return ORIGINAL;
        }
        throw new CheckpointFormatException(
                source + ": expected VideoMAE weights named as in the original code (patch_embed.*, blocks.N.*, "
                        + "head.*) or as in Hugging Face (videomae.*, classifier.*), found " + (hf ? "both" : sample));
    }

    /**
     * @param names a checkpoint's tensor names (a DDP {@code module.} prefix already removed)
     * @return whether they are a pretraining checkpoint's (a masked autoencoder: a mask token, a decoder)
     */
    static boolean isPretraining(Iterable<String> names) {
        for (String name : names) {
            if (name.equals("mask_token") || name.startsWith("encoder_to_decoder") || name.startsWith("decoder.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param names a pretraining checkpoint's tensor names
     * @param source the file, for messages
     * @return the authors' names ({@code encoder.*}, {@code decoder.blocks.*}) or Hugging Face's
     *     ({@code videomae.*}, {@code decoder.decoder_layers.*})
     * @throws CheckpointFormatException for names of neither scheme
     */
    static NameScheme detectPretraining(Iterable<String> names, String source) {
        boolean hf = false;
        boolean original = false;
        for (String name : names) {
            hf |= name.startsWith("videomae.") || name.startsWith("decoder.decoder_layers.");
            original |= name.startsWith("encoder.") || name.startsWith("decoder.blocks.");
        }
        if (hf != original) {
            return hf ? HUGGING_FACE : ORIGINAL;
        }
        throw new CheckpointFormatException(source + ": expected a VideoMAE pretraining checkpoint named as in the "
                + "authors' code (encoder.*, decoder.blocks.*) or as Hugging Face's VideoMAEForPreTraining (videomae.*, "
                + "decoder.decoder_layers.*), found " + (hf ? "both" : "neither"));
    }

    /**
     * Translates a pretraining checkpoint's tensors into the authors' names (Hugging Face's query, key
     * and value fused into {@code qkv.weight}, as for fine-tuned checkpoints).
     *
     * @param tensors the checkpoint's tensors
     * @return name in the authors' pretraining code → the tensors it is made of (one, or q, k, v)
     */
    Map<String, List<CheckpointTensor>> toPretrainingNames(Map<String, CheckpointTensor> tensors) {
        if (this == ORIGINAL) {
            Map<String, List<CheckpointTensor>> out = new LinkedHashMap<>();
            tensors.forEach((name, tensor) -> out.put(name, List.of(tensor)));
            return out;
        }
        return translate(
                tensors, Map.of(HF_LAYER, "encoder.blocks.", HF_DECODER_LAYER, "decoder.blocks."), HF_PRETRAINING_TOP);
    }

    /**
     * Translates the tensors into the original code's names. Hugging Face's separate query, key
     * and value weights become one fused {@code qkv.weight} (q, k, v stacked), as the original
     * code has it.
     *
     * @param tensors the checkpoint's tensors
     * @return name in the original code → the tensors it is made of (one, or q, k, v)
     */
    Map<String, List<CheckpointTensor>> toOriginalNames(Map<String, CheckpointTensor> tensors) {
        if (this == ORIGINAL) {
            Map<String, List<CheckpointTensor>> out = new LinkedHashMap<>();
            tensors.forEach((name, tensor) -> out.put(name, List.of(tensor)));
            return out;
        }
        return translate(tensors, Map.of(HF_LAYER, "blocks."), HF_TOP);
    }

    /** Hugging Face's layers to {@code blocks.N.} under the given prefix, its other names through {@code top}. */
    private static Map<String, List<CheckpointTensor>> translate(
            Map<String, CheckpointTensor> tensors, Map<Pattern, String> layers, Map<String, String> top) {
        Map<String, List<CheckpointTensor>> out = new LinkedHashMap<>();
        Map<String, CheckpointTensor[]> qkv = new LinkedHashMap<>();
        for (Map.Entry<String, CheckpointTensor> entry : tensors.entrySet()) {
            String name = entry.getKey();
            Matcher layer = null;
            String blocks = null;
            for (Map.Entry<Pattern, String> rule : layers.entrySet()) {
                Matcher m = rule.getKey().matcher(name);
                if (m.matches()) {
                    layer = m;
                    blocks = rule.getValue();
                }
            }
            if (layer != null) {
                String block = blocks + layer.group(1) + ".";
                String part = layer.group(2);
                int slot = part.equals("attention.attention.query.weight")
                        ? 0
                        : part.equals("attention.attention.key.weight")
                                ? 1
                                : part.equals("attention.attention.value.weight") ? 2 : -1;
                if (slot >= 0) {
                    qkv.computeIfAbsent(block + "attn.qkv.weight", k -> new CheckpointTensor[3])[slot] =
                            entry.getValue();
                    continue;
                }
                String mapped = HF_LAYER_PARTS.get(part);
                out.put(mapped != null ? block + mapped : name, List.of(entry.getValue()));
            } else {
                out.put(top.getOrDefault(name, name), List.of(entry.getValue()));
            }
        }
        for (Map.Entry<String, CheckpointTensor[]> fused : qkv.entrySet()) {
            CheckpointTensor[] parts = fused.getValue();
            List<CheckpointTensor> present = new ArrayList<>();
            for (CheckpointTensor part : parts) {
                if (part != null) {
                    present.add(part);
                }
            }
            // all three or the error lists a mis-shaped fused weight; the parts' names say which is missing
            out.put(fused.getKey(), present);
        }
        return out;
    }
}
