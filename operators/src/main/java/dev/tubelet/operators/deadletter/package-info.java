/**
 * Records the job could not use, with where they came from and why, on their way to the dead-letter topic.
 */
package dev.tubelet.operators.deadletter;
