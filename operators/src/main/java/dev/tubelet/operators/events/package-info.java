/**
 * Scored and detected windows into the published Avro events, stamped with their emit time.
 */
package dev.tubelet.operators.events;
