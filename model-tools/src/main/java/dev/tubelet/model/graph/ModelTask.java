package dev.tubelet.model.graph;

/** What a VideoMAE graph answers. */
public enum ModelTask {
    /** One clip in, {@code logits [batch, classes]} out. */
    CLASSIFICATION,
    /**
     * AVA-style spatio-temporal action detection: a clip and boxes on its keyframe in
     * ({@code rois [K, 5]}), per-box multi-label {@code logits [K, classes]} out.
     */
    DETECTION,
    /**
     * A masked autoencoder's reconstruction score ({@code pixel_values} in, {@code token_errors [batch,
     * tokens]} out), written by {@link ModelDirectoryWriter#writeAnomaly}.
     */
    ANOMALY;

    /**
     * @param text {@code classify}, {@code detect} or {@code anomaly} (any case)
     * @return the task
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ModelTask parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "classify", "classification" -> CLASSIFICATION;
            case "detect", "detection" -> DETECTION;
            case "anomaly" -> ANOMALY;
            default -> throw new IllegalArgumentException("expected classify, detect or anomaly, found '" + text + "'");
        };
    }
}
