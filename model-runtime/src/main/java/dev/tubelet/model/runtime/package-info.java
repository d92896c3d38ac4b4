/**
 * VideoMAE models on ONNX Runtime: sessions shared per model in the JVM, execution providers with a clear
 * fallback, batched clip tensors, the classifier, the detection model and the person detector.
 */
package dev.tubelet.model.runtime;
