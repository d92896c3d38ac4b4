/**
 * What a model directory says about itself: {@code config.json} (frames, labels, problem type), {@code
 * preprocessor_config.json} (resize, crop, PIL's filters, normalization) and label files.
 */
package dev.tubelet.model.config;
