package dev.tubelet.model.postprocess;

import dev.tubelet.model.config.LabelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's answer for one clip: its logits, their scores and the label names.
 */
public final class Prediction {
    private final float[] logits;
    private final float[] scores;
    private final LabelSet labels;

    /**
     * @param logits the raw outputs (kept, not copied)
     * @param activation how they become scores
     * @param labels class names
     */
    public Prediction(float[] logits, ScoreActivation activation, LabelSet labels) {
        this.logits = logits;
        this.scores = activation.apply(logits);
        this.labels = labels;
    }

    /** @return the raw logits; do not change them */
    public float[] logits() {
        return logits;
    }

    /** @return the scores (probabilities for classification heads); do not change them */
    public float[] scores() {
        return scores;
    }

    /**
     * @param k how many classes at most
     * @return the {@code k} best classes, best first; ties keep the lower index first
     */
    public List<ScoredLabel> top(int k) {
        int n = Math.min(Math.max(k, 0), scores.length);
        int[] best = new int[n];
        int filled = 0;
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (filled < n) {
                int j = filled++;
                while (j > 0 && scores[best[j - 1]] < s) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = i;
            } else if (n > 0 && s > scores[best[n - 1]]) {
                int j = n - 1;
                while (j > 0 && scores[best[j - 1]] < s) {
                    best[j] = best[j - 1];
                    j--;
                }
                best[j] = i;
            }
        }
        List<ScoredLabel> top = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            top.add(new ScoredLabel(best[i], labels.name(best[i]), scores[best[i]]));
        }
        return top;
    }
}
