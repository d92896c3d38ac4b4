package dev.tubelet.jobs.pipeline;

import dev.tubelet.kafka.config.BrokerWatch;
import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.operators.frames.FrameParser;
import dev.tubelet.operators.metrics.MetricNames;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * The frame parser, whose first subtask also watches the broker ({@link BrokerWatch}): the job's
 * log says when Kafka has been unreachable for 10 s and when it is back, and the gauges
 * {@code kafkaUnreachableMs} (now) and {@code kafkaOutages} (so far) show it on the dashboard and
 * in Prometheus. One watch per job, not per subtask: every subtask would see the same broker.
 */
final class BrokerWatchingParser extends FrameParser {
    private static final long serialVersionUID = 1L;
    private static final Duration WARN_AFTER = Duration.ofSeconds(10);

    private final String bootstrap;
    private final KafkaClientConfig kafka;
    private transient BrokerWatch watch;

    BrokerWatchingParser(FrameLimits limits, String bootstrap, KafkaClientConfig kafka) {
        super(limits);
        this.bootstrap = bootstrap;
        this.kafka = kafka;
    }

    @Override
    public void open(OpenContext context) {
        super.open(context);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            watch = new BrokerWatch(bootstrap, kafka, WARN_AFTER, "the job");
            MetricGroup group = getRuntimeContext().getMetricGroup();
            group.gauge(
                    MetricNames.KAFKA_UNREACHABLE_MS,
                    () -> watch.unreachableFor().toMillis());
            group.gauge(MetricNames.KAFKA_OUTAGES, watch::outages);
        }
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        super.close();
    }
}
