/**
 * The names of Tubelet's metrics, in one place, and how its histograms are made.
 */
package dev.tubelet.operators.metrics;
