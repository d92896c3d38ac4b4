package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU image, read as Docker would build it (no GPU and no Docker engine here): it carries
 * every library ONNX Runtime's CUDA and TensorRT providers load, checks at build that they
 * resolve, and unpacks ONNX Runtime's natives once instead of into /tmp at every start.
 */
class GpuImageTest {
    private static Dockerfile.Stage stage(String name) throws Exception {
        return Dockerfile.read(RepositoryFiles.file("docker/Dockerfile")).stage(name);
    }

    private static String runs(Dockerfile.Stage stage) {
        return String.join(
                "\n", stage.all("RUN").stream().map(Dockerfile::command).toList());
    }

    @Test
    void theCudaStageInstallsTensorRt10() throws Exception {
        assertThat(runs(stage("cuda")))
                .contains("libnvinfer10=")
                .contains("libnvinfer-plugin10=")
                .contains("libnvonnxparsers10=");
    }

    @Test
    void theGpuImageCarriesCudaCudnnTensorRtAndNvrtc() throws Exception {
        List<String> copied = stage("flink-gpu").all("COPY").stream()
                .map(Dockerfile::copy)
                .filter(c -> "cuda".equals(c.from()))
                .flatMap(c -> c.sources().stream())
                .toList();
        assertThat(String.join(" ", copied))
                .contains("libcudart.so.12")
                .contains("libcublas.so.12")
                .contains("libcudnn")
                .contains("libnvrtc.so.12")
                .contains("libnvinfer*.so.10");
    }

    @Test
    void theBuildFailsUnlessBothGpuProvidersResolveTheirLibraries() throws Exception {
        String gpuRuns = runs(stage("flink-gpu"));
        assertThat(gpuRuns)
                .contains("libonnxruntime_providers_cuda.so")
                .contains("libonnxruntime_providers_tensorrt.so")
                .contains("ldd")
                .contains("not found")
                .contains("exit 1");
    }

    @Test
    void onnxRuntimesNativesAreUnpackedAtBuildAndLoadedFromThere() throws Exception {
        assertThat(runs(stage("build-gpu"))).contains("ai/onnxruntime/native/linux-x64");
        assertThat(stage("flink-gpu").all("COPY").stream().map(Dockerfile::copy))
                .anyMatch(c -> "build-gpu".equals(c.from()) && c.destination().equals("/opt/onnxruntime/lib/"));
        assertThat(runs(stage("flink-gpu"))).contains("-Donnxruntime.native.path=/opt/onnxruntime/lib");
    }

    @Test
    void theGpuCheckScriptRunsTheProviderCheckWithTheImagesNatives() throws Exception {
        String script = java.nio.file.Files.readString(RepositoryFiles.file("docker/gpu-check.sh"));
        String mainClass = "dev.tubelet.model.runtime.ProviderCheck";
        assertThat(script)
                .contains(mainClass + " /model")
                .contains("--gpus all")
                .contains("-Donnxruntime.native.path=/opt/onnxruntime/lib")
                .contains("/opt/flink/usrlib/*");
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
    }
}
