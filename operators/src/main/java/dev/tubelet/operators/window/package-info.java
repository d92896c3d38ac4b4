/**
 * Each camera's sliding, strided window: reordering, sampling, decoding only sampled frames, and when a
 * window is due.
 */
package dev.tubelet.operators.window;
