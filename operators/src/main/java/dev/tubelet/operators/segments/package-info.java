/**
 * From window scores to action segments: per camera (classification) and per camera and track
 * (detection), a label's segment opens after enough high windows and closes after low ones or when
 * the camera goes idle (hysteresis), in keyed, checkpointed state.
 */
package dev.tubelet.operators.segments;
