/**
 * Clips from image files and video files, for {@code tubelet classify}.
 */
package dev.tubelet.cli.video;
