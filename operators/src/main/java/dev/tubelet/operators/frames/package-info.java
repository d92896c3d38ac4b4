/**
 * Kafka records into frames: the VideoFrame decoded and checked, bad records to the dead letters, and the
 * bounds on frames.
 */
package dev.tubelet.operators.frames;
