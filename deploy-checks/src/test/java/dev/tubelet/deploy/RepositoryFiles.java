package dev.tubelet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The deployment files at the repository's top level, and the pom's versions they must match. */
final class RepositoryFiles {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Properties VERSIONS = load();

    private RepositoryFiles() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = RepositoryFiles.class.getResourceAsStream("/versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String version(String name) {
        return VERSIONS.getProperty(name);
    }

    /** @return the project version as images are tagged (no -SNAPSHOT) */
    static String imageVersion() {
        return version("project.version").replace("-SNAPSHOT", "");
    }

    static Path root() {
        return Path.of(version("repository.root")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("expected " + relative + " at the repository root, found none");
        }
        return p;
    }

    /** @return every YAML file of the deployment: docker-compose.yml, docker/ and k8s/ */
    static List<Path> yamlFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(file("docker-compose.yml"));
        for (String dir : List.of("docker", "k8s")) {
            try (Stream<Path> walk = Files.walk(root().resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** @return every document of a YAML file, in order, aliases resolved */
    static List<JsonNode> documents(Path file) throws IOException {
        return documents(Files.readString(file));
    }

    /**
     * @return the documents of a YAML text. SnakeYAML reads it (Jackson's YAML parser leaves anchors
     *     and aliases unresolved; compose files use them), Jackson gives the tree.
     */
    static List<JsonNode> documents(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc != null) {
                docs.add(YAML.valueToTree(doc));
            }
        }
        return docs;
    }
}
