/**
 * The VideoMAE graph builder: the official architecture as an ONNX graph, with seeded or imported weights,
 * written as a model directory.
 */
package dev.tubelet.model.graph;
