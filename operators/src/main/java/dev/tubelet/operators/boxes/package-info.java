/**
 * Boxes on keyframes: the frame's own, a motion proposer for static cameras, or a person detector.
 */
package dev.tubelet.operators.boxes;
