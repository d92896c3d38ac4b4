/**
 * Image bytes into pixels (JPEG: libjpeg-turbo through Leptonica; PNG: OpenCV), with their size checked from the header before anything is decoded.
 */
package dev.tubelet.operators.decode;
