/** Per-camera baselines of the anomaly score: where each window stands against the camera's usual. */
package dev.tubelet.operators.anomaly;
