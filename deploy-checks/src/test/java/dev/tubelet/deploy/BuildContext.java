package dev.tubelet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Docker build context: a directory and its .dockerignore, which the builder applies before
 * any COPY sees a file. Patterns follow Docker's rules (moby/patternmatcher): paths relative to the
 * context root, {@code *} and {@code ?} within one path element, {@code **} across any number of
 * them, and a file is left out when it or any directory above it matches. Exceptions ({@code !})
 * are not used in our .dockerignore and are refused.
 */
final class BuildContext {
    private final Path root;
    private final List<Pattern> ignored;

    private BuildContext(Path root, List<Pattern> ignored) {
        this.root = root;
        this.ignored = ignored;
    }

    static BuildContext of(Path root) throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        Path file = root.resolve(".dockerignore");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String p = line.strip();
                if (p.isEmpty() || p.startsWith("#")) {
                    continue;
                }
                if (p.startsWith("!")) {
                    throw new IllegalArgumentException(
                            ".dockerignore: exceptions (!) are not supported by this check, found " + p);
                }
                patterns.add(regex(p.replaceFirst("^/+", "").replaceFirst("/+$", "")));
            }
        }
        return new BuildContext(root, patterns);
    }

    static Pattern regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                out.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                out.append(".*");
                i += 1;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(out.toString());
    }

    /** @param relative a path in the context, with forward slashes */
    boolean ignored(String relative) {
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (prefix.length() > 0) {
                prefix.append('/');
            }
            prefix.append(part);
            String p = prefix.toString();
            if (ignored.stream().anyMatch(r -> r.matcher(p).matches())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What {@code COPY source destination} does with this context: a directory's contents go into
     * the destination directory; a file goes into it when it ends in "/" (or is "." or "./"), else
     * becomes it.
     *
     * @param source a path in the context
     * @param destination where, resolved against the stage's working directory
     * @return the number of files copied
     */
    int copy(String source, Path destination, boolean destinationIsDirectory) throws IOException {
        String clean = source.replaceFirst("^\\./", "").replaceFirst("/+$", "");
        Path from = root.resolve(clean);
        if (!Files.exists(from) || ignored(clean)) {
            throw new AssertionError(
                    "COPY " + source + ": expected it in the build context (after .dockerignore), found nothing");
        }
        if (Files.isRegularFile(from)) {
            Path to = destinationIsDirectory ? destination.resolve(from.getFileName()) : destination;
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return 1;
        }
        int copied = 0;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(f).toString().replace('\\', '/');
                if (ignored(relative)) {
                    continue;
                }
                Path to = destination.resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                copied++;
            }
        }
        return copied;
    }
}
