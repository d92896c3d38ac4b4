/**
 * Windows through the model, batched across cameras and slots behind Flink's async I/O operator (in-flight
 * windows are checkpointed).
 */
package dev.tubelet.operators.inference;
