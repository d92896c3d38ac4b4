package dev.tubelet.jobs;

import dev.tubelet.jobs.cli.TubeletCli;

/**
 * Entry point on a Flink cluster: {@code flink run -c dev.tubelet.jobs.ClusterJob tubelet-job.jar --bootstrap … --model …}
 * (or application mode with this class). Takes the options of {@code tubelet job} and submits to
 * the cluster's environment instead of a local MiniCluster.
 */
public final class ClusterJob {
    private ClusterJob() {}

    /**
     * @param args the options of {@code tubelet job}
     */
    public static void main(String[] args) {
        int exit = TubeletCli.clusterJob().execute(args);
        if (exit != 0) {
            throw new IllegalArgumentException("tubelet job failed to start (exit code " + exit + "); see the message above");
        }
    }
}
