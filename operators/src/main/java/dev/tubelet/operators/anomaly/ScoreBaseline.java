package dev.tubelet.operators.anomaly;

/**
 * One camera's baseline of the anomaly score: an exponentially weighted mean and variance (the
 * running mean and variance of all windows while fewer than the half-life's weight allows, so the
 * first windows count equally), how many windows it has seen, and where a new score stands. After
 * the warm-up an outlier moves the baseline as a score 3 standard deviations out would, so a burst
 * of unusual windows does not make the next ones look usual; a lasting change still becomes the
 * new usual, at the half-life's pace. The spread used for z is at least 1% of the mean, so a
 * perfectly still scene does not turn every flicker into an alarm. A Flink POJO, kept as keyed state.
 */
public class ScoreBaseline {
    /** Floor of the spread, relative to the mean. */
    static final double MIN_RELATIVE_STD = 0.01;
    /** Where an outlier is clamped before it updates the baseline, in standard deviations. */
    static final double CLAMP_STD = 3;

    public double mean;
    public double variance;
    public long windows;

    /** For Flink. */
    public ScoreBaseline() {}

    /** @return the spread z is measured in: the standard deviation, at least 1% of the mean */
    public double std() {
        return Math.max(Math.sqrt(variance), MIN_RELATIVE_STD * Math.abs(mean));
    }

    /**
     * @param score a window's score
     * @return how many standard deviations it is above the baseline (0 before any window)
     */
    public double z(double score) {
        double std = std();
        return windows == 0 || std == 0 ? 0 : (score - mean) / std;
    }

    /**
     * @param score the next window's score
     * @param halfLifeWindows windows after which a score's weight has halved
     * @param warmUpWindows windows before outliers are clamped
     */
    public void add(double score, int halfLifeWindows, int warmUpWindows) {
        if (windows == 0) {
            mean = score;
            variance = 0;
            windows = 1;
            return;
        }
        double alpha = Math.max(1 - Math.pow(2, -1.0 / halfLifeWindows), 1.0 / (windows + 1));
        double x = score;
        if (windows >= warmUpWindows) {
            double std = std();
            x = Math.max(mean - CLAMP_STD * std, Math.min(mean + CLAMP_STD * std, score));
        }
        double diff = x - mean;
        double increment = alpha * diff;
        mean += increment;
        variance = (1 - alpha) * (variance + diff * increment);
        windows++;
    }
}
