/**
 * Kafka client settings from {@code --kafka-config FILE}: read, checked, applied to every client, and
 * shown only with their secrets hidden.
 */
package dev.tubelet.kafka.config;
