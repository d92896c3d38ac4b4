/**
 * Alert rules over action segments: which segments (labels, score, duration, cameras, zone, tracks)
 * raise an alert, once per segment when its duration is reached, at most once per cooldown.
 */
package dev.tubelet.operators.alerts;
