/**
 * The job's options, defined once ({@link dev.tubelet.jobs.config.JobOptions}), read from arguments and
 * properties files into a validated {@link dev.tubelet.jobs.config.JobConfig}.
 */
package dev.tubelet.jobs.config;
