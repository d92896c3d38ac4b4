/**
 * {@code tubelet bench pipeline}: synthetic cameras through the embedded broker and the job, timed by a
 * read_committed consumer.
 */
package dev.tubelet.cli.bench;
