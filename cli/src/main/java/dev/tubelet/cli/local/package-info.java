/**
 * The job on a Flink MiniCluster in this JVM, with its dashboard: what {@code job}, {@code demo} and {@code
 * bench} run.
 */
package dev.tubelet.cli.local;
