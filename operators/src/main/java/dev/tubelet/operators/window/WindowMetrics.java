package dev.tubelet.operators.window;

import dev.tubelet.operators.metrics.Histograms;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.metrics.SampledCpuTime;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;

/** The window assembler's metrics (names in {@link MetricNames}), registered once per subtask. */
final class WindowMetrics {
    final Counter framesDecoded;
    final Counter framesDropped;
    final Counter framesDroppedDuplicate;
    final Counter framesDroppedUndecodable;
    final Counter framesDroppedLate;
    final Counter framesDroppedCameraLimit;
    final Counter cameraRestarts;
    final Counter framesSkipped;
    final Counter windowsEmitted;
    final Counter windowRestarts;
    final Counter deadLetters;
    /** Cameras with state in this subtask, as seen since it started (rebuilt from traffic after a restore). */
    final Set<String> activeCameras = new HashSet<>();
    /** With detection only, else null. */
    final Histogram boxesPerWindow;

    final Histogram detectorLatencyMs;
    final Counter detectorRuns;
    /** CPU time reading and writing the cameras' keyed state (task thread only). */
    final SampledCpuTime stateReadCpu = new SampledCpuTime();

    final SampledCpuTime stateWriteCpu = new SampledCpuTime();

    /**
     * @param group the operator's metric group
     * @param detection whether keyframes get boxes (the detection metrics are registered)
     * @param cache the subtask's plane cache
     * @param frames the subtask's decoding and preprocessing
     */
    WindowMetrics(MetricGroup group, boolean detection, PlaneCache cache, WindowFrames frames) {
        framesDecoded = group.counter(MetricNames.FRAMES_DECODED);
        framesDropped = group.counter(MetricNames.FRAMES_DROPPED);
        framesDroppedDuplicate = group.counter(MetricNames.FRAMES_DROPPED_DUPLICATE);
        framesDroppedUndecodable = group.counter(MetricNames.FRAMES_DROPPED_UNDECODABLE);
        framesDroppedLate = group.counter(MetricNames.FRAMES_DROPPED_LATE);
        framesDroppedCameraLimit = group.counter(MetricNames.FRAMES_DROPPED_CAMERA_LIMIT);
        cameraRestarts = group.counter(MetricNames.CAMERA_RESTARTS);
        framesSkipped = group.counter(MetricNames.FRAMES_SKIPPED);
        windowsEmitted = group.counter(MetricNames.WINDOWS_EMITTED);
        windowRestarts = group.counter(MetricNames.WINDOW_RESTARTS);
        deadLetters = group.counter(MetricNames.DEAD_LETTERS);
        group.gauge(MetricNames.ACTIVE_CAMERAS, activeCameras::size);
        group.gauge(MetricNames.PLANE_CACHE_BYTES, cache::bytes);
        group.gauge(MetricNames.PLANE_CACHE_HIT_RATIO, cache::hitRatio);
        group.gauge(MetricNames.PLANE_CACHE_MISSES, cache::misses);
        group.gauge(MetricNames.PLANE_CACHE_EVICTIONS, cache::evictions);
        group.gauge(MetricNames.CPU_NANOS_DECODE, frames::decodeCpuNanos);
        group.gauge(MetricNames.CPU_NANOS_RESIZE, frames::preprocessCpuNanos);
        group.gauge(MetricNames.CPU_NANOS_STATE, () -> stateReadCpu.totalNanos() + stateWriteCpu.totalNanos());
        boxesPerWindow = detection ? Histograms.register(group, MetricNames.BOXES_PER_WINDOW) : null;
        detectorLatencyMs = detection ? Histograms.register(group, MetricNames.DETECTOR_LATENCY_MS) : null;
        detectorRuns = detection ? group.counter(MetricNames.DETECTOR_RUNS) : null;
    }

    void duplicate() {
        framesDropped.inc();
        framesDroppedDuplicate.inc();
    }

    void late() {
        framesDropped.inc();
        framesDroppedLate.inc();
    }

    void overCameraLimit() {
        framesDropped.inc();
        framesDroppedCameraLimit.inc();
    }

    void undecodable() {
        framesDropped.inc();
        framesDroppedUndecodable.inc();
        deadLetters.inc();
    }

    void detectorRan(long millis) {
        detectorLatencyMs.update(millis);
        detectorRuns.inc();
    }

    void emitted(ClipWindow window) {
        windowsEmitted.inc();
        if (boxesPerWindow != null) {
            boxesPerWindow.update(window.keyBoxes == null ? 0 : window.keyBoxes.length / 5);
        }
    }
}
