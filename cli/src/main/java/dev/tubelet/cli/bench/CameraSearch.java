package dev.tubelet.cli.bench;

/**
 * The largest camera count that keeps up: from a start, doubling while runs keep up (halving
 * while they do not), then halving the interval between the largest count that kept up and the
 * smallest that did not, until it is within a sixteenth of the former.
 */
public final class CameraSearch {
    /** Largest count tried. */
    static final int MAX = 4096;

    /** One benchmark run: whether that many cameras kept up. */
    public interface Trial {
        boolean keptUp(int cameras) throws Exception;
    }

    private CameraSearch() {}

    /**
     * @param start the first count tried
     * @param trial runs the benchmark
     * @return the largest count that kept up, 0 when not even one camera did
     */
    public static int largestKeptUp(int start, Trial trial) throws Exception {
        int good = 0;
        int bad = MAX + 1;
        int n = Math.max(1, Math.min(start, MAX));
        while (good + 1 < bad) {
            if (trial.keptUp(n)) {
                good = n;
            } else {
                bad = n;
            }
            if (bad > MAX) {
                if (good == MAX) {
                    break;
                }
                n = Math.min(MAX, good * 2);
            } else if (good == 0) {
                if (bad == 1) {
                    break;
                }
                n = bad / 2;
            } else {
                if (bad - good <= Math.max(1, good / 16)) {
                    break;
                }
                n = good + (bad - good) / 2;
            }
        }
        return good;
    }
}
