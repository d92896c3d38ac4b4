/**
 * Frames into the model's input, exactly as Hugging Face's VideoMAE image processor does it: PIL's resize,
 * center crop, normalization; boxes mapped the same way.
 */
package dev.tubelet.model.preprocess;
