/**
 * A single-node Kafka broker (KRaft) in this JVM on loopback, for running Tubelet without a Kafka cluster and
 * for tests.
 */
package dev.tubelet.kafka.embedded;
