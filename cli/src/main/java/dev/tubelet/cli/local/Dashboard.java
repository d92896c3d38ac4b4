package dev.tubelet.cli.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * Where a local run's Flink dashboard and REST API listen, and what they accept. Secure by default:
 * the REST API, the blob server and the RPC endpoints bind to the loopback address, so nothing on
 * the network reaches them; no jar upload ({@code POST /jars/upload} is refused: the MiniCluster
 * never needs one); the dashboard's cancel and rescale buttons hidden unless asked, and the REST API
 * read-only ({@link ReadOnlyRest}: every control request refused, cancel and stop let through only
 * with {@code --web-cancel}). The command's own stop (Ctrl-C) does not go through the REST API.
 *
 * @param address the address the REST API binds to and announces (127.0.0.1 unless told otherwise)
 * @param port its port
 * @param allowCancel whether the dashboard shows its cancel button
 */
public record Dashboard(String address, int port, boolean allowCancel) {
    /** The loopback address everything binds to by default. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * @param port the dashboard's port on the loopback address
     * @return the default dashboard: loopback, no cancel
     */
    public static Dashboard loopback(int port) {
        return new Dashboard(LOOPBACK, port, false);
    }

    /**
     * @throws IllegalArgumentException for a blank address or a port out of range
     */
    public Dashboard {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("--web-ui-address: expected an address to bind to, found none");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--web-ui-port: expected 0 to 65535, found " + port);
        }
    }

    /** @param conf the MiniCluster's configuration, set to bind and allow as this says */
    void applyTo(Configuration conf) {
        conf.set(RestOptions.BIND_ADDRESS, address);
        conf.set(RestOptions.ADDRESS, address);
        conf.set(RestOptions.PORT, port);
        // the blob server and the RPC endpoints serve only this process: loopback, whatever the dashboard does
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        conf.set(WebOptions.CANCEL_ENABLE, allowCancel);
        conf.set(WebOptions.RESCALE_ENABLE, false);
        conf.set(ReadOnlyRest.READ_ONLY, true);
    }
}
