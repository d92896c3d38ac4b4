/**
 * The demo's video: the synthetic scene, MP4 writing, and the annotated MP4 of each camera with its events
 * drawn in.
 */
package dev.tubelet.cli.demo;
