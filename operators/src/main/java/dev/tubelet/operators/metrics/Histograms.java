package dev.tubelet.operators.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Tubelet's histograms: over the last 1000 values, so percentiles follow what is happening now. */
public final class Histograms {
    private static final int WINDOW = 1000;

    private Histograms() {}

    /**
     * @param group the operator's metric group
     * @param name one of {@link MetricNames}
     * @return the registered histogram
     */
    public static Histogram register(MetricGroup group, String name) {
        return group.histogram(name, new DescriptiveStatisticsHistogram(WINDOW));
    }
}
