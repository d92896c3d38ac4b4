/**
 * Track ids for boxes across keyframes, per camera, in keyed state.
 */
package dev.tubelet.operators.tracking;
