package dev.tubelet.deploy;

import dev.tubelet.jobs.cli.TubeletCli;

/** Default values of {@code tubelet job} options, as its --help shows them. */
final class TubeletOptionsDefaults {
    private TubeletOptionsDefaults() {}

    static String value(String option) {
        return TubeletCli.clusterJob().getCommandSpec().findOption(option).defaultValue();
    }
}
