/**
 * The published contract: Avro classes generated from {@code src/main/avro/*.avsc} and their single-object
 * encoding.
 */
package dev.tubelet.schema;
