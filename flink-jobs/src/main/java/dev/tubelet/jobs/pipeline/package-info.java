/**
 * The job's pipeline: Kafka source, parsing, keyed windows, batched inference, events and dead letters to
 * Kafka; and the model checks made before it starts.
 */
package dev.tubelet.jobs.pipeline;
