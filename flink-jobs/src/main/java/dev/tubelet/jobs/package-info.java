/**
 * The streaming job on a Flink cluster: {@link dev.tubelet.jobs.ClusterJob} is its entry point.
 */
package dev.tubelet.jobs;
