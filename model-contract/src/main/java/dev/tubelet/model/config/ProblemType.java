package dev.tubelet.model.config;

import dev.tubelet.model.InvalidModelException;

/** How a classification head's logits turn into scores, as Hugging Face's {@code problem_type} says. */
public enum ProblemType {
    /** One label per clip: softmax over the logits. The default when config.json names none. */
    SINGLE_LABEL("single_label_classification"),
    /** Any number of labels per clip (AVA-style actions): an independent sigmoid per logit. */
    MULTI_LABEL("multi_label_classification"),
    /** Raw outputs, no activation. */
    REGRESSION("regression");

    private final String configName;

    ProblemType(String configName) {
        this.configName = configName;
    }

    /** @return the name used in Hugging Face's config.json */
    public String configName() {
        return configName;
    }

    /**
     * @param name a {@code problem_type} value, a short form ({@code single}, {@code multi}) or null
     * @return the problem type; {@link #SINGLE_LABEL} for null
     * @throws InvalidModelException for any other name
     */
    public static ProblemType parse(String name) {
        if (name == null || name.isBlank()) {
            return SINGLE_LABEL;
        }
        for (ProblemType type : values()) {
            if (type.configName.equalsIgnoreCase(name) || type.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return type;
            }
        }
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "single":
            case "softmax":
                return SINGLE_LABEL;
            case "multi":
            case "sigmoid":
                return MULTI_LABEL;
            default:
                throw new InvalidModelException("problem_type: expected single_label_classification, "
                        + "multi_label_classification or regression, found '" + name + "'");
        }
    }
}
