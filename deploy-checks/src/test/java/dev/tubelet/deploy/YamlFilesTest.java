package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

class YamlFilesTest {

    @Test
    void everyYamlFileParsesWithoutDuplicateKeys() throws Exception {
        List<Path> files = RepositoryFiles.yamlFiles();
        assertThat(files)
                .extracting(p -> RepositoryFiles.root().relativize(p).toString().replace('\\', '/'))
                .contains(
                        "docker-compose.yml",
                        "k8s/base/kustomization.yaml",
                        "k8s/base/flinkdeployment.yaml",
                        "k8s/overlays/cpu/kustomization.yaml",
                        "k8s/overlays/gpu/kustomization.yaml",
                        "docker/prometheus/prometheus.yml");
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Path file : files) {
            int documents = 0;
            for (Object doc : new Yaml(options).loadAll(Files.readString(file))) {
                if (doc != null) {
                    documents++;
                }
            }
            assertThat(documents).as("YAML documents in %s", file).isPositive();
        }
    }

    @Test
    void grafanaDashboardIsJsonOverTheProvisionedDatasource() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(RepositoryFiles.file("docker/grafana/dashboards/tubelet.json")
                        .toFile());
        assertThat(dashboard.path("panels")).isNotEmpty();
        String datasourceUid = RepositoryFiles.documents(
                        RepositoryFiles.file("docker/grafana/provisioning/datasources/prometheus.yml"))
                .get(0)
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText())
                    .as("panel %s", panel.path("title"))
                    .isEqualTo(datasourceUid);
            assertThat(panel.path("targets"))
                    .as("panel %s", panel.path("title"))
                    .isNotEmpty();
        }
    }
}
