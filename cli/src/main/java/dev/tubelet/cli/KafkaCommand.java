package dev.tubelet.cli;

import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tubelet kafka}: the embedded Kafka broker on its own, with Tubelet's topics. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka (KRaft) in this process and create Tubelet's topics; Ctrl-C stops it.")
final class KafkaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Broker port on localhost (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the logs live, kept between runs: started again on it, the broker finds its topics, records, "
                            + "offsets and transactions (default: a temporary directory, deleted at exit).")
    Path dataDir;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        JobConfig.Topics topics = JobConfig.Topics.defaults();
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir)) {
            kafka.createTopics(
                    List.of(topics.frames(), topics.actions(), topics.detections(), topics.deadLetters()), partitions);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine()
                    .getOut()
                    .println("Kafka is running on " + kafka.bootstrapServers() + " with topics " + topics.frames()
                            + ", " + topics.actions() + ", " + topics.detections() + ", " + topics.deadLetters()
                            + " (Ctrl-C stops it)");
            stopped.await();
        }
        return 0;
    }
}
