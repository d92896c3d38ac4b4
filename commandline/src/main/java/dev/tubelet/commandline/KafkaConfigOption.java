package dev.tubelet.commandline;

import dev.tubelet.kafka.config.KafkaClientConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}: the Kafka client settings (security.protocol, ssl.*, sasl.*) every
 * command that talks to Kafka takes, read once and checked ({@link KafkaClientConfig}).
 */
public final class KafkaConfigOption {
    @Option(
            names = KafkaClientConfig.OPTION,
            paramLabel = "FILE",
            description = "Kafka client settings, a properties file: security.protocol, ssl.*, sasl.* (secrets "
                    + "through Kafka's config providers, ${file:…} or ${env:…}); its bootstrap.servers stands in "
                    + "for --bootstrap. `tubelet kafka --security sasl-ssl` writes one.")
    Path file;

    private KafkaClientConfig loaded;

    /** @return the file's settings, or none without the option */
    public KafkaClientConfig settings() {
        if (loaded == null) {
            loaded = file == null ? KafkaClientConfig.none() : KafkaClientConfig.load(file);
        }
        return loaded;
    }

    /**
     * @param given {@code --bootstrap} as given, or null
     * @return it, or the file's bootstrap.servers
     * @throws IllegalArgumentException when neither is there
     */
    public String bootstrap(String given) {
        return settings().bootstrapOr(given);
    }

    /**
     * For commands that default to a local broker (tail, clips).
     *
     * @param given {@code --bootstrap} as given, or null
     * @return it, or the file's bootstrap.servers, or localhost:9092
     */
    public String bootstrapOrLocal(String given) {
        return given == null && settings().bootstrap().isEmpty() ? "localhost:9092" : bootstrap(given);
    }
}
