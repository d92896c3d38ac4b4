/**
 * ONNX model files read and wrapped without ONNX Runtime: a graph's inputs and outputs from the file
 * (for validation where the model will not run, and for TensorRT's shape profiles), and the pixel
 * prologue that lets every model take 8-bit planes.
 */
package dev.tubelet.model.runtime.onnx;
