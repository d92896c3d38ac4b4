/**
 * Cameras into Kafka: FFmpeg reads files, streams and devices, frames are scaled and JPEG-encoded at the
 * source and sent as VideoFrames ({@code tubelet ingest}, and the ingest image's entry point).
 */
package dev.tubelet.ingest;
