package dev.tubelet.model.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * TensorRT's optimization profile for a graph's dynamic inputs: the smallest, usual and largest
 * shape of each. Without one TensorRT builds a new engine for every new batch size it meets
 * (minutes for ViT-B); with one, the engine built at start serves every batch from 1 to the
 * maximum. Usual = largest, since a loaded job runs full batches.
 *
 * @param min shape per input at its smallest
 * @param opt shape per input it is tuned for
 * @param max shape per input at its largest
 */
public record TensorRtProfile(Map<String, long[]> min, Map<String, long[]> opt, Map<String, long[]> max)
        implements java.io.Serializable {
    /** A graph with no dynamic input. */
    public static final TensorRtProfile NONE = new TensorRtProfile(Map.of(), Map.of(), Map.of());

    /**
     * @param input an input name
     * @param min its smallest shape
     * @param max its largest (and usual) shape
     * @return this profile with the input added
     */
    public TensorRtProfile with(String input, long[] min, long[] max) {
        Map<String, long[]> mins = new LinkedHashMap<>(this.min);
        Map<String, long[]> opts = new LinkedHashMap<>(this.opt);
        Map<String, long[]> maxs = new LinkedHashMap<>(this.max);
        mins.put(input, min.clone());
        opts.put(input, max.clone());
        maxs.put(input, max.clone());
        return new TensorRtProfile(mins, opts, maxs);
    }

    /** @return whether there is nothing to profile */
    public boolean isEmpty() {
        return min.isEmpty();
    }

    /** @return the min shapes as ONNX Runtime's TensorRT options spell them: {@code name:1x16x3x224x224,…} */
    public String minShapes() {
        return spell(min);
    }

    /** @return the usual shapes, spelled as {@link #minShapes()} */
    public String optShapes() {
        return spell(opt);
    }

    /** @return the max shapes, spelled as {@link #minShapes()} */
    public String maxShapes() {
        return spell(max);
    }

    private static String spell(Map<String, long[]> shapes) {
        StringJoiner all = new StringJoiner(",");
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            StringJoiner dims = new StringJoiner("x");
            for (long d : e.getValue()) {
                dims.add(Long.toString(d));
            }
            all.add(e.getKey() + ":" + dims);
        }
        return all.toString();
    }
}
