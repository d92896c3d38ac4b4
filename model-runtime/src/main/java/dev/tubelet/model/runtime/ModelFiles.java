package dev.tubelet.model.runtime;

import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a model's files are: the ONNX graph and, when present, the Hugging Face
 * {@code config.json} and {@code preprocessor_config.json} beside it.
 *
 * <p>A model is either a directory ({@code model.onnx}, or its only {@code .onnx} file) or a
 * bare {@code .onnx} file; in both cases the JSON files are looked up in the same directory.
 *
 * @param onnx the ONNX graph
 * @param config config.json, if present
 * @param preprocessor preprocessor_config.json, if present
 * @param name a short name for the model: the directory's name, or the file's without extension
 */
public record ModelFiles(Path onnx, Optional<Path> config, Optional<Path> preprocessor, String name) {

    /**
     * @param path a model directory or an .onnx file
     * @return the files found
     * @throws InvalidModelException when there is no model at the path
     */
    public static ModelFiles locate(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            Path onnx = absolute.resolve("model.onnx");
            if (!Files.isRegularFile(onnx)) {
                List<Path> candidates;
                try (Stream<Path> files = Files.list(absolute)) {
                    candidates = files.filter(f -> f.getFileName().toString().endsWith(".onnx"))
                            .sorted()
                            .collect(Collectors.toList());
                } catch (IOException e) {
                    throw new InvalidModelException(
                            "model directory " + path + ": cannot list it (" + e.getMessage() + ")", e);
                }
                if (candidates.size() != 1) {
                    throw new InvalidModelException(
                            "model directory " + path + ": expected model.onnx (or a single .onnx file), found "
                                    + (candidates.isEmpty()
                                            ? "none"
                                            : candidates.stream()
                                                    .map(p -> p.getFileName().toString())
                                                    .collect(Collectors.joining(", "))));
                }
                onnx = candidates.get(0);
            }
            return new ModelFiles(
                    onnx,
                    sibling(absolute, "config.json"),
                    sibling(absolute, "preprocessor_config.json"),
                    absolute.getFileName().toString());
        }
        if (Files.isRegularFile(absolute)) {
            String file = absolute.getFileName().toString();
            if (!file.endsWith(".onnx")) {
                throw new InvalidModelException("model " + path
                        + ": expected a model directory or an .onnx file, found a " + extension(file) + " file");
            }
            Path dir = absolute.getParent();
            return new ModelFiles(
                    absolute,
                    sibling(dir, "config.json"),
                    sibling(dir, "preprocessor_config.json"),
                    file.substring(0, file.length() - ".onnx".length()));
        }
        throw new InvalidModelException(
                "model " + path + ": no such file or directory (expected a model directory or an .onnx file)");
    }

    private static Optional<Path> sibling(Path dir, String name) {
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "extension-less" : file.substring(dot);
    }

    /**
     * @return the hex SHA-256 of the ONNX file (and of its external data files, in name order, when it has any)
     * @throws InvalidModelException when a file cannot be read
     */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : hashedFiles()) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    while (in.read(buffer) >= 0) {
                        // reading feeds the digest
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new InvalidModelException("model " + onnx + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private List<Path> hashedFiles() throws IOException {
        String prefix = onnx.getFileName().toString() + ".";
        try (Stream<Path> files = Files.list(onnx.getParent())) {
            List<Path> data = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".data"))
                    .sorted()
                    .collect(Collectors.toList());
            return Stream.concat(Stream.of(onnx), data.stream()).collect(Collectors.toList());
        }
    }
}
