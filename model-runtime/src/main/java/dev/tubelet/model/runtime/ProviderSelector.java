package dev.tubelet.model.runtime;

import dev.tubelet.model.ErrorMessages;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries execution providers in the preferred order and settles on the first that opens the model.
 *
 * <p>ONNX Runtime cannot tell whether a GPU is present: the GPU build lists CUDA even on a machine
 * without one, and appending CUDA fails only when tried (the CPU build fails at once). So each
 * provider is simply tried; a GPU failure falls back to CPU with one warning per JVM and reason,
 * or fails with {@link GpuUnavailableException} when a GPU is required; any other provider than
 * the one asked for (TensorRT falling back to CUDA) is warned about too. A CPU failure is the
 * model's own fault and is thrown as it is.
 */
final class ProviderSelector {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderSelector.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** Opens the model on one provider. */
    interface Attempt<T> {
        T open(ExecutionProvider provider) throws Exception;
    }

    /**
     * @param value what the attempt opened
     * @param provider the provider it runs on
     * @param fallbackWarning the warning logged for a GPU that was asked for and not had
     */
    record Selected<T>(T value, ExecutionProvider provider, Optional<String> fallbackWarning) {}

    private ProviderSelector() {}

    /**
     * @return the providers this ONNX Runtime build was compiled with
     */
    static Set<ExecutionProvider> compiledIn() {
        Set<ExecutionProvider> providers = EnumSet.noneOf(ExecutionProvider.class);
        var available = ai.onnxruntime.OrtEnvironment.getAvailableProviders();
        for (ExecutionProvider p : ExecutionProvider.values()) {
            if (available.contains(p.ortProvider())) {
                providers.add(p);
            }
        }
        providers.add(ExecutionProvider.CPU);
        return providers;
    }

    /**
     * @param options the preference and whether a GPU is required
     * @param compiledIn providers this build has
     * @param attempt opens the model on a provider
     * @return the first provider that worked
     * @throws GpuUnavailableException when a GPU is required and none worked
     * @throws Exception what the CPU attempt threw, when it failed
     */
    static <T> Selected<T> select(ExecutionOptions options, Set<ExecutionProvider> compiledIn, Attempt<T> attempt)
            throws Exception {
        List<String> failures = new ArrayList<>();
        boolean gpuAskedFor =
                options.provider() != ProviderPreference.AUTO && options.provider() != ProviderPreference.CPU;
        for (ExecutionProvider provider : options.provider().order()) {
            if (provider == ExecutionProvider.CPU && options.requireGpu()) {
                break;
            }
            if (!compiledIn.contains(provider)) {
                failures.add(provider
                        + ": not in this ONNX Runtime build (the CPU build; build with -Pgpu for onnxruntime_gpu)");
                continue;
            }
            try {
                T value = attempt.open(provider);
                Optional<String> warning = Optional.empty();
                if (!provider.isGpu() && (gpuAskedFor || gpuTriedAndFailed(failures))) {
                    warning = Optional.of("no GPU execution provider could run the model, running on CPU: "
                            + String.join("; ", failures));
                    if (WARNED.add(warning.get())) {
                        LOG.warn(warning.get());
                    }
                } else if (!provider.isGpu() && !failures.isEmpty()) {
                    LOG.info("running on CPU ({})", String.join("; ", failures));
                } else if (provider != options.provider().order().get(0)) {
                    // a GPU, but not the one asked for: TensorRT fell back to CUDA (fp32, no engine)
                    warning = Optional.of(
                            "asked for " + options.provider().order().get(0) + ", running on " + provider + ": "
                                    + String.join("; ", failures));
                    if (WARNED.add(warning.get())) {
                        LOG.warn(warning.get());
                    }
                }
                return new Selected<>(value, provider, warning);
            } catch (Exception e) {
                if (!provider.isGpu()) {
                    throw e;
                }
                failures.add(provider + ": " + ErrorMessages.firstLine(e.getMessage()));
            }
        }
        throw new GpuUnavailableException("a GPU is required but no GPU execution provider could run the model: "
                + (failures.isEmpty() ? "none was configured" : String.join("; ", failures)));
    }

    /** In AUTO mode a GPU build that fails to start CUDA deserves the warning; a CPU build does not. */
    private static boolean gpuTriedAndFailed(List<String> failures) {
        for (String failure : failures) {
            if (!failure.contains("not in this ONNX Runtime build")) {
                return true;
            }
        }
        return false;
    }
}
