/**
 * The {@code tubelet} command line: its commands (job, demo, kafka, ingest, tail, gen-model, gen-video,
 * import, classify, bench) and the flags made from the job's option definitions.
 */
package dev.tubelet.cli;
