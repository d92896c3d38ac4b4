/**
 * Image bytes into pixels (OpenCV), with their size checked from the header before anything is decoded.
 */
package dev.tubelet.operators.decode;
