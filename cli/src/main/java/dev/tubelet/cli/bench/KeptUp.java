package dev.tubelet.cli.bench;

import java.util.Locale;

/**
 * Whether a run kept up: every expected window arrived, the producer never fell more than a
 * second behind its schedule (else the frames did not arrive at the rate measured), and the
 * latency did not grow: the 95th percentile over the last third of the run is at most
 * {@code max(2 × the first third's, the first third's + 1 s)}. A run that falls behind and
 * catches up after the cameras stop is not kept up, though every window arrived in the end.
 *
 * <p>The first third is a fair baseline only if the run did not start behind: a backlog built
 * during the warm-up makes the first third slow, and a last third that drains it then passes the
 * rule above with tens of seconds of lag. So both thirds are also held to the same bound from the
 * pipeline's own latency: the p95 of the windows that ended in the first 10 s of sending, when
 * only the first cameras had joined.
 */
final class KeptUp {
    /** Largest lag of the producer behind its schedule that still counts as sending at the rate. */
    static final double MAX_PRODUCER_BEHIND_S = 1.0;

    private KeptUp() {}

    /**
     * @param keptUp the verdict
     * @param reason why not, or "" when it kept up
     */
    record Verdict(boolean keptUp, String reason) {}

    /**
     * @param expected windows the frames sent make
     * @param received events received
     * @param producerBehindS the producer's largest lag behind its schedule, seconds
     * @param p95UnloadedMs the p95 latency over the first 10 s of sending, NaN for none
     * @param p95FirstThirdMs the first third's 95th percentile latency
     * @param p95LastThirdMs the last third's
     * @return the verdict
     */
    static Verdict judge(
            long expected,
            long received,
            double producerBehindS,
            double p95UnloadedMs,
            double p95FirstThirdMs,
            double p95LastThirdMs) {
        if (received < expected) {
            return new Verdict(false, (expected - received) + " of " + expected + " windows did not arrive");
        }
        if (producerBehindS > MAX_PRODUCER_BEHIND_S) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "the producer fell %.1f s behind its schedule (more than %.0f s)",
                            producerBehindS,
                            MAX_PRODUCER_BEHIND_S));
        }
        double unloadedBound = Math.max(2 * p95UnloadedMs, p95UnloadedMs + 1000);
        if (!Double.isNaN(p95UnloadedMs)) {
            double worst = Math.max(p95FirstThirdMs, Double.isNaN(p95LastThirdMs) ? 0 : p95LastThirdMs);
            if (worst > unloadedBound) {
                return new Verdict(
                        false,
                        String.format(
                                Locale.ROOT,
                                "latency grew: p95 %.0f ms in a third of the run, more than %.0f ms (first 10 s, "
                                        + "the first cameras only: %.0f ms)",
                                worst,
                                unloadedBound,
                                p95UnloadedMs));
            }
        }
        double bound = Math.max(2 * p95FirstThirdMs, p95FirstThirdMs + 1000);
        if (Double.isNaN(p95LastThirdMs) || p95LastThirdMs > bound) {
            return new Verdict(
                    false,
                    String.format(
                            Locale.ROOT,
                            "latency grew: p95 %.0f ms in the last third, more than %.0f ms (first third: %.0f ms)",
                            p95LastThirdMs,
                            bound,
                            p95FirstThirdMs));
        }
        return new Verdict(true, "");
    }
}
