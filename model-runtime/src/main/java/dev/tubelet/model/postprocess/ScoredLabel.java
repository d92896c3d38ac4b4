package dev.tubelet.model.postprocess;

/**
 * One class with its score.
 *
 * @param index class index in the model's output
 * @param label class name
 * @param score probability (softmax or sigmoid) or raw value for regression heads
 */
public record ScoredLabel(int index, String label, float score) {}
