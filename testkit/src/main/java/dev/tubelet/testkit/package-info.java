/**
 * Fixtures for every module's tests: a MiniCluster with the embedded Kafka, frame traffic, Flink's keyed
 * harness, REST metrics, video files.
 */
package dev.tubelet.testkit;
