package dev.tubelet.operators.tracking;

import dev.tubelet.model.detect.DetectedBox;
import java.util.ArrayList;
import java.util.List;

/**
 * SORT-like tracking of one camera's boxes across keyframes, with no appearance model: each track's
 * box moves on with its velocity to the new keyframe, detections and predicted boxes are assigned
 * by the Hungarian method on {@code 1 - IoU} (plus the centre distance, which orders pairs that do
 * not overlap), and a pair is accepted when it overlaps by {@code minIou} or its centres are within
 * {@code maxCentreDistance} box sizes: keyframes are a hop of sampled frames apart, so a walking
 * person may not overlap their last box. Unmatched detections start tracks; a track unmatched for
 * more than {@code maxMisses} keyframes ends.
 */
public final class IouTracker {
    private final float minIou;
    private final float maxCentreDistance;
    private final int maxMisses;

    /**
     * @param minIou overlap that accepts a pair (SORT uses 0.3)
     * @param maxCentreDistance centre distance, in box sizes (the mean of the two boxes' diagonals), that accepts a pair
     * @param maxMisses keyframes a track survives unmatched
     */
    public IouTracker(float minIou, float maxCentreDistance, int maxMisses) {
        this.minIou = minIou;
        this.maxCentreDistance = maxCentreDistance;
        this.maxMisses = maxMisses;
    }

    /** @return the overlap that accepts a pair */
    public float minIou() {
        return minIou;
    }

    /** @return the centre distance, in box sizes, that accepts a pair */
    public float maxCentreDistance() {
        return maxCentreDistance;
    }

    /** @return keyframes a track survives unmatched */
    public int maxMisses() {
        return maxMisses;
    }

    /** @return SORT's IoU 0.3, centres within 1.5 box sizes, tracks kept for 3 missed keyframes */
    public static IouTracker defaults() {
        return new IouTracker(0.3f, 1.5f, 3);
    }

    /**
     * Updates a camera's tracks with the boxes of a new keyframe.
     *
     * @param state the camera's tracks (changed in place)
     * @param boxes the keyframe's boxes, normalized
     * @param seq the keyframe's sequence number (increasing)
     * @return the track id of each box, in order
     */
    public long[] update(CameraTracks state, List<DetectedBox> boxes, long seq) {
        Track[] tracks = state.tracks;
        int n = tracks.length;
        int m = boxes.size();
        long[] ids = new long[m];
        int[] trackOf = new int[m];
        java.util.Arrays.fill(trackOf, -1);
        if (n > 0 && m > 0) {
            float[][] predicted = new float[n][];
            for (int t = 0; t < n; t++) {
                predicted[t] = predict(tracks[t], seq);
            }
            double[][] cost = new double[n][m];
            boolean[][] allowed = new boolean[n][m];
            for (int t = 0; t < n; t++) {
                float[] p = predicted[t];
                for (int d = 0; d < m; d++) {
                    DetectedBox b = boxes.get(d);
                    float iou = DetectedBox.iou(p[0], p[1], p[2], p[3], b.x1(), b.y1(), b.x2(), b.y2());
                    double distance = centreDistance(p, b);
                    allowed[t][d] = iou >= minIou || distance <= maxCentreDistance;
                    cost[t][d] = allowed[t][d] ? (1 - iou) + distance : 1e6;
                }
            }
            int[] assignment = HungarianAssignment.solve(cost);
            for (int t = 0; t < n; t++) {
                int d = assignment[t];
                if (d >= 0 && allowed[t][d]) {
                    trackOf[d] = t;
                }
            }
        }
        boolean[] matched = new boolean[n];
        for (int d = 0; d < m; d++) {
            if (trackOf[d] >= 0) {
                Track t = tracks[trackOf[d]];
                matched[trackOf[d]] = true;
                observe(t, boxes.get(d), seq);
                ids[d] = t.id;
            }
        }
        List<Track> next = new ArrayList<>(n + m);
        for (int t = 0; t < n; t++) {
            if (!matched[t]) {
                tracks[t].misses++;
                if (tracks[t].misses > maxMisses) {
                    continue;
                }
            }
            next.add(tracks[t]);
        }
        for (int d = 0; d < m; d++) {
            if (trackOf[d] < 0) {
                Track t = new Track();
                t.id = state.nextId++;
                DetectedBox b = boxes.get(d);
                t.x1 = b.x1();
                t.y1 = b.y1();
                t.x2 = b.x2();
                t.y2 = b.y2();
                t.lastSeq = seq;
                t.hits = 1;
                next.add(t);
                ids[d] = t.id;
            }
        }
        state.tracks = next.toArray(new Track[0]);
        return ids;
    }

    private static float[] predict(Track t, long seq) {
        float dt = seq - t.lastSeq;
        float dx = t.vx * dt;
        float dy = t.vy * dt;
        return new float[] {t.x1 + dx, t.y1 + dy, t.x2 + dx, t.y2 + dy};
    }

    private static double centreDistance(float[] p, DetectedBox b) {
        double dx = (p[0] + p[2]) / 2 - (b.x1() + b.x2()) / 2;
        double dy = (p[1] + p[3]) / 2 - (b.y1() + b.y2()) / 2;
        double size = (Math.hypot(p[2] - p[0], p[3] - p[1]) + Math.hypot(b.x2() - b.x1(), b.y2() - b.y1())) / 2;
        return size <= 0 ? Double.POSITIVE_INFINITY : Math.hypot(dx, dy) / size;
    }

    private static void observe(Track t, DetectedBox b, long seq) {
        float dt = Math.max(1, seq - t.lastSeq);
        float vx = ((b.x1() + b.x2()) - (t.x1 + t.x2)) / 2 / dt;
        float vy = ((b.y1() + b.y2()) - (t.y1 + t.y2)) / 2 / dt;
        // the first velocity is taken as measured, later ones smoothed against jitter
        t.vx = t.hits == 1 ? vx : 0.5f * t.vx + 0.5f * vx;
        t.vy = t.hits == 1 ? vy : 0.5f * t.vy + 0.5f * vy;
        t.x1 = b.x1();
        t.y1 = b.y1();
        t.x2 = b.x2();
        t.y2 = b.y2();
        t.lastSeq = seq;
        t.hits++;
        t.misses = 0;
    }
}
