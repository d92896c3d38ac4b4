/**
 * Logits into scores and labels: softmax or sigmoid, top-k.
 */
package dev.tubelet.model.postprocess;
