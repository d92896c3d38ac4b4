/**
 * Event clips: {@code tubelet clips} reads alerts, cuts each alert's frames back out of the frames
 * topic by their timestamps, writes an MP4 and a JSON sidecar, and publishes a {@code ClipReady}.
 * Also the MP4 writing and the box overlay the demo's annotated video uses.
 */
package dev.tubelet.clips;
