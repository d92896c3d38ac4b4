package dev.tubelet.model.config;

import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Class names by index. Indices with no name read as {@code LABEL_i}, the way Hugging Face
 * names them.
 */
public final class LabelSet {
    private final String[] names;

    private LabelSet(String[] names) {
        this.names = names;
    }

    /**
     * @param names label names in index order
     * @return a label set holding a copy of them
     */
    public static LabelSet of(List<String> names) {
        return new LabelSet(names.toArray(new String[0]));
    }

    /**
     * @param count number of classes
     * @return {@code LABEL_0 … LABEL_{count-1}}
     */
    public static LabelSet unnamed(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "LABEL_" + i;
        }
        return new LabelSet(names);
    }

    /**
     * @param id2label Hugging Face's {@code id2label} (string indices to names)
     * @param source where it was read, for the error message
     * @return the label set, sized by the largest index
     * @throws InvalidModelException when an index is not a non-negative integer
     */
    public static LabelSet fromId2Label(Map<String, String> id2label, String source) {
        int size = 0;
        for (String key : id2label.keySet()) {
            size = Math.max(size, parseIndex(key, source) + 1);
        }
        String[] names = unnamed(size).names;
        for (Map.Entry<String, String> entry : id2label.entrySet()) {
            names[parseIndex(entry.getKey(), source)] = entry.getValue();
        }
        return new LabelSet(names);
    }

    /**
     * Reads a labels file: one name per line, in index order; blank lines and lines starting
     * with {@code #} are skipped.
     *
     * @param file the labels file
     * @return the label set
     * @throws InvalidModelException when the file cannot be read or holds no label
     */
    public static LabelSet readLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelException("labels file " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                names.add(trimmed);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidModelException("labels file " + file + ": expected one label per line, found none");
        }
        return of(names);
    }

    private static int parseIndex(String key, String source) {
        try {
            int index = Integer.parseInt(key.strip());
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidModelException(
                source + ": id2label keys must be class indices (0, 1, …), found '" + key + "'");
    }

    /** @return number of classes */
    public int size() {
        return names.length;
    }

    /**
     * @param index class index
     * @return its name, or {@code LABEL_index} beyond the known names
     */
    public String name(int index) {
        return index >= 0 && index < names.length ? names[index] : "LABEL_" + index;
    }

    /** @return the names in index order */
    public List<String> names() {
        return List.of(names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet && Arrays.equals(names, ((LabelSet) o).names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return "LabelSet" + Arrays.toString(names.length > 5 ? Arrays.copyOf(names, 5) : names);
    }
}
