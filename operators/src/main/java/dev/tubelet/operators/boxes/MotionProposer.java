package dev.tubelet.operators.boxes;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.model.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Boxes around what moves, for static cameras, with no model: each frame, shrunk to at most
 * {@code maxSide} pixels, is compared with the camera's background (a running average); the
 * pixels where a colour channel differs by more than {@code threshold} levels are cleaned (opening
 * removes speckle, closing joins the parts of one figure), grouped into connected components, and
 * the components of at least {@code minArea} of the frame become boxes; boxes that touch are
 * merged. Colour, not grey: a red shirt on green grass can have the grass's grey level.
 *
 * <p>The background learns fast where nothing moves (lighting follows), more slowly in a blob that
 * did not change since the previous sampled frame (the place an object started from, a "ghost",
 * fades within seconds) and hardly in a blob that changes (a moving object, uniform inside or not,
 * does not smear into it). OpenCV (via
 * JavaCV) does the resizing and the mask work. Not thread-safe: one per operator instance.
 */
public final class MotionProposer implements AutoCloseable {
    /**
     * @param maxSide longest side of the working image
     * @param threshold grey-level difference that counts as motion
     * @param minArea smallest box area, as a fraction of the frame
     * @param warmUp frames averaged into a new background before boxes are proposed
     * @param learningRate how fast the background follows pixels where nothing moves (see {@code learn})
     * @param closeSize side of the closing kernel (joins a figure's limbs)
     * @param maxBoxes most boxes per frame (largest first)
     */
    public record Settings(
            int maxSide, int threshold, float minArea, int warmUp, float learningRate, int closeSize, int maxBoxes)
            implements java.io.Serializable {
        /** @return 160 px, 30 levels, 0.2 % of the frame, 6 frames, 0.15, 5 px, 20 boxes */
        public static Settings defaults() {
            return new Settings(160, 30, 0.002f, 6, 0.15f, 5, 20);
        }

        /** @return these settings with another motion threshold */
        public Settings withThreshold(int value) {
            return new Settings(maxSide, value, minArea, warmUp, learningRate, closeSize, maxBoxes);
        }

        /** @return these settings with another smallest box area */
        public Settings withMinArea(float value) {
            return new Settings(maxSide, threshold, value, warmUp, learningRate, closeSize, maxBoxes);
        }
    }

    private final Settings settings;
    private final Mat openKernel;
    private final Mat closeKernel;
    // per-frame scratch, reused while the working size stays (one proposer per operator instance)
    private BytePointer input = new BytePointer(0L);
    private byte[] frame = new byte[0];
    private byte[] moving = new byte[0];
    private byte[] changing = new byte[0];
    private byte[] blobs = new byte[0];
    private int[] label = new int[0];

    /**
     * @param settings the thresholds
     */
    public MotionProposer(Settings settings) {
        this.settings = settings;
        this.openKernel = getStructuringElement(MORPH_RECT, new Size(3, 3));
        this.closeKernel = getStructuringElement(MORPH_RECT, new Size(settings.closeSize(), settings.closeSize()));
    }

    /**
     * Proposes boxes for a frame and learns it into the background.
     *
     * @param image the frame
     * @param background the camera's background (changed in place; a new one starts on the first frame or a size change)
     * @return boxes normalized to the frame, largest first; score = share of the box that moves
     */
    public List<DetectedBox> propose(RgbImage image, MotionBackground background) {
        float scale = Math.min(1f, (float) settings.maxSide() / Math.max(image.width(), image.height()));
        int w = Math.max(1, Math.round(image.width() * scale));
        int h = Math.max(1, Math.round(image.height() * scale));
        int pixels = w * h;
        if (frame.length != pixels * 3) {
            frame = new byte[pixels * 3];
            moving = new byte[pixels];
            changing = new byte[pixels];
            blobs = new byte[pixels];
            label = new int[pixels];
        }
        byte[] rgbPixels = image.pixels();
        if (input.capacity() < rgbPixels.length) {
            input.close();
            input = new BytePointer(rgbPixels.length);
        }
        input.position(0).put(rgbPixels, 0, rgbPixels.length);
        try (Mat rgb = new Mat(image.height(), image.width(), CV_8UC3, input);
                Mat small = new Mat()) {
            resize(rgb, small, new Size(w, h), 0, 0, INTER_AREA);
            read(small, frame, w * 3, h);
        }
        if (background.rgb == null || background.width != w || background.height != h) {
            background.width = w;
            background.height = h;
            background.rgb = frame.clone();
            background.previous = frame.clone();
            background.frames = 1;
            return List.of();
        }
        int t = settings.threshold();
        byte[] bg = background.rgb;
        byte[] previous = background.previous;
        for (int i = 0, o = 0; i < pixels; i++, o += 3) {
            int fromBackground = 0;
            int fromPrevious = 0;
            for (int c = 0; c < 3; c++) {
                int v = frame[o + c] & 0xFF;
                fromBackground = Math.max(fromBackground, Math.abs(v - (bg[o + c] & 0xFF)));
                fromPrevious = Math.max(fromPrevious, Math.abs(v - (previous[o + c] & 0xFF)));
            }
            moving[i] = fromBackground > t ? (byte) 255 : 0;
            changing[i] = fromPrevious > t ? (byte) 1 : 0;
        }
        java.util.Arrays.fill(blobs, (byte) 0);
        List<DetectedBox> boxes = background.frames >= settings.warmUp() ? boxes(w, h) : List.of();
        learn(background, frame, blobs);
        System.arraycopy(frame, 0, previous, 0, frame.length);
        return boxes;
    }

    /**
     * Finds the moving blobs of {@code moving} and fills {@code blobs}, per pixel: 0 outside every
     * blob, 1 in a blob with changing pixels (a moving object), 2 in a blob without (a ghost or a
     * stopped object).
     */
    private List<DetectedBox> boxes(int w, int h) {
        List<int[]> rects = new ArrayList<>();
        try (BytePointer maskBytes = new BytePointer(moving);
                Mat mask = new Mat(h, w, CV_8UC1, maskBytes);
                Mat labels = new Mat();
                Mat stats = new Mat();
                Mat centroids = new Mat()) {
            morphologyEx(mask, mask, MORPH_OPEN, openKernel);
            morphologyEx(mask, mask, MORPH_CLOSE, closeKernel);
            int n = connectedComponentsWithStats(mask, labels, stats, centroids);
            try (IntIndexer l = labels.createIndexer()) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        label[y * w + x] = l.get(y, x);
                    }
                }
            }
            boolean[] blobMoves = new boolean[n];
            int pixels = w * h;
            for (int i = 0; i < pixels; i++) {
                if (label[i] > 0 && changing[i] != 0) {
                    blobMoves[label[i]] = true;
                }
            }
            for (int i = 0; i < pixels; i++) {
                blobs[i] = label[i] == 0 ? 0 : blobMoves[label[i]] ? (byte) 1 : (byte) 2;
            }
            try (IntIndexer s = stats.createIndexer()) {
                for (int i = 1; i < n; i++) { // 0 is the background
                    rects.add(new int[] {
                        s.get(i, CC_STAT_LEFT),
                        s.get(i, CC_STAT_TOP),
                        s.get(i, CC_STAT_LEFT) + s.get(i, CC_STAT_WIDTH),
                        s.get(i, CC_STAT_TOP) + s.get(i, CC_STAT_HEIGHT),
                        s.get(i, CC_STAT_AREA)
                    });
                }
            }
        }
        merge(rects);
        float minPixels = settings.minArea() * w * h;
        rects.removeIf(r -> (r[2] - r[0]) * (r[3] - r[1]) < minPixels);
        rects.sort((a, b) -> Integer.compare((b[2] - b[0]) * (b[3] - b[1]), (a[2] - a[0]) * (a[3] - a[1])));
        List<DetectedBox> out = new ArrayList<>();
        for (int[] r : rects.subList(0, Math.min(rects.size(), settings.maxBoxes()))) {
            float area = (r[2] - r[0]) * (float) (r[3] - r[1]);
            out.add(new DetectedBox(
                    (float) r[0] / w,
                    (float) r[1] / h,
                    (float) r[2] / w,
                    (float) r[3] / h,
                    Math.min(1f, r[4] / area),
                    -1));
        }
        return out;
    }

    /** Merges rectangles that overlap or touch, until none do (a figure split by the mask is one box). */
    private static void merge(List<int[]> rects) {
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < rects.size(); i++) {
                for (int j = i + 1; j < rects.size(); j++) {
                    int[] a = rects.get(i);
                    int[] b = rects.get(j);
                    if (a[0] <= b[2] + 1 && b[0] <= a[2] + 1 && a[1] <= b[3] + 1 && b[1] <= a[3] + 1) {
                        a[0] = Math.min(a[0], b[0]);
                        a[1] = Math.min(a[1], b[1]);
                        a[2] = Math.max(a[2], b[2]);
                        a[3] = Math.max(a[3], b[3]);
                        a[4] += b[4];
                        rects.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
    }

    /**
     * Running average: plain while warming up; then fast where nothing moves, half that in a blob
     * that holds still (a ghost where an object started, or a stopped object: absorbed in a few
     * seconds), a thirtieth in a blob that moves (a moving object, its still interior included:
     * kept out, so it leaves no trail).
     */
    private void learn(MotionBackground bg, byte[] frame, byte[] blobs) {
        bg.frames++;
        boolean warming = bg.frames <= settings.warmUp();
        float still = warming ? 1f / bg.frames : settings.learningRate();
        float holding = warming ? still : settings.learningRate() / 2;
        float passing = warming ? still : settings.learningRate() / 30;
        byte[] b = bg.rgb;
        for (int i = 0; i < b.length; i++) {
            byte blob = blobs[i / 3];
            float rate = blob == 0 ? still : blob == 1 ? passing : holding;
            float v = (b[i] & 0xFF) + rate * ((frame[i] & 0xFF) - (b[i] & 0xFF));
            b[i] = (byte) Math.round(v);
        }
    }

    @Override
    public void close() {
        openKernel.close();
        closeKernel.close();
        input.close();
    }

    /** Copies a Mat's rows of {@code rowBytes} into {@code out}. */
    private static void read(Mat m, byte[] out, int rowBytes, int h) {
        BytePointer p = m.data();
        long step = m.step();
        if (step == rowBytes) {
            p.get(out, 0, rowBytes * h);
        } else {
            for (int y = 0; y < h; y++) {
                p.position(y * step).get(out, y * rowBytes, rowBytes);
            }
        }
    }
}
