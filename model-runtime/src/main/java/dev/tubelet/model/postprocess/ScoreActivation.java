package dev.tubelet.model.postprocess;

import dev.tubelet.model.config.ProblemType;

/** How logits become scores. */
public enum ScoreActivation {
    /** Single-label heads: probabilities that sum to one. */
    SOFTMAX,
    /** Multi-label heads: an independent probability per class. */
    SIGMOID,
    /** Regression heads: the raw values. */
    IDENTITY;

    /**
     * @param type the head's problem type
     * @return the activation it calls for
     */
    public static ScoreActivation forProblem(ProblemType type) {
        switch (type) {
            case MULTI_LABEL:
                return SIGMOID;
            case REGRESSION:
                return IDENTITY;
            default:
                return SOFTMAX;
        }
    }

    /**
     * @param logits one clip's logits
     * @return a new array of scores
     */
    public float[] apply(float[] logits) {
        float[] scores = new float[logits.length];
        switch (this) {
            case SOFTMAX: {
                float max = Float.NEGATIVE_INFINITY;
                for (float v : logits) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int i = 0; i < logits.length; i++) {
                    double e = Math.exp(logits[i] - max);
                    scores[i] = (float) e;
                    sum += e;
                }
                for (int i = 0; i < logits.length; i++) {
                    scores[i] = (float) (scores[i] / sum);
                }
                break;
            }
            case SIGMOID:
                for (int i = 0; i < logits.length; i++) {
                    scores[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
                }
                break;
            default:
                System.arraycopy(logits, 0, scores, 0, logits.length);
        }
        return scores;
    }
}
