package dev.tubelet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/Dockerfile read the way the builder reads it: comment lines dropped, lines ending in a
 * backslash joined, instructions grouped by stage, global ARG defaults substituted in FROM. Only
 * what the checks need; heredocs and JSON-form COPY are not used in the file and refused.
 */
final class Dockerfile {
    /** One instruction, continuation lines joined. */
    record Instruction(String keyword, String arguments, int line) {}

    /**
     * One stage.
     *
     * @param name its {@code AS} name
     * @param from the image or stage it starts from, global ARGs substituted
     */
    record Stage(String name, String from, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }
    }

    /**
     * A COPY instruction's parts.
     *
     * @param from its {@code --from} stage or image, or null for the build context
     * @param sources what it copies
     * @param destination where to
     */
    record Copy(String from, List<String> sources, String destination) {}

    private static final Pattern FROM = Pattern.compile("(\\S+)\\s+AS\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private final Map<String, String> globalArgs;
    private final List<Stage> stages;

    private Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    static Dockerfile read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = null;
        int startLine = 0;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String trimmed = line.strip();
            // comment lines are removed before continuation lines are joined, as the builder does
            if (trimmed.startsWith("#") || (pending == null && trimmed.isEmpty())) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                startLine = n + 1;
            }
            boolean continued = trimmed.endsWith("\\");
            pending.append(continued ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                    .append(' ');
            if (!continued) {
                String whole = pending.toString().strip();
                int space = whole.indexOf(' ');
                String keyword = (space < 0 ? whole : whole.substring(0, space)).toUpperCase();
                String arguments = space < 0 ? "" : whole.substring(space + 1).strip();
                if (arguments.startsWith("<<")) {
                    throw new IllegalArgumentException("line " + startLine + ": heredocs are not supported here");
                }
                instructions.add(new Instruction(keyword, arguments, startLine));
                pending = null;
            }
        }
        Map<String, String> args = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        Stage current = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                Matcher m = FROM.matcher(i.arguments());
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "line " + i.line() + ": expected FROM <image> AS <name>, found FROM " + i.arguments());
                }
                current = new Stage(m.group(2), substitute(m.group(1), args), new ArrayList<>());
                stages.add(current);
            } else if (current == null) {
                if (i.keyword().equals("ARG")) {
                    String[] kv = i.arguments().split("=", 2);
                    args.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            } else {
                current.instructions().add(i);
            }
        }
        return new Dockerfile(args, stages);
    }

    private static String substitute(String value, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(name, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    Map<String, String> globalArgs() {
        return globalArgs;
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docker/Dockerfile: expected a stage named " + name + ", found "
                        + stages.stream().map(Stage::name).toList()));
    }

    /** @return the image a stage finally starts from, following FROM through other stages */
    String baseImage(String stageName) {
        String from = stage(stageName).from();
        while (true) {
            String next = from;
            var parent = stages.stream().filter(s -> s.name().equals(next)).findFirst();
            if (parent.isEmpty()) {
                return from;
            }
            from = parent.get().from();
        }
    }

    /** @return a COPY instruction's parts (shell form, flags first) */
    static Copy copy(Instruction copy) {
        if (!copy.keyword().equals("COPY") || copy.arguments().startsWith("[")) {
            throw new IllegalArgumentException("line " + copy.line() + ": expected a shell-form COPY, found "
                    + copy.keyword() + " " + copy.arguments());
        }
        List<String> words = new ArrayList<>(List.of(copy.arguments().split("\\s+")));
        String from = null;
        while (words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
                from = flag.substring("--from=".length());
            }
        }
        return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
    }

    /** @return a RUN instruction's command, without the builder's own flags ({@code --mount=…} and kin) */
    static String command(Instruction run) {
        if (!run.keyword().equals("RUN") || run.arguments().startsWith("[")) {
            throw new IllegalArgumentException("line " + run.line() + ": expected a shell-form RUN, found "
                    + run.keyword() + " " + run.arguments());
        }
        return run.arguments().replaceAll("^(--\\S+\\s+)+", "");
    }
}
