/**
 * A person detector's output decoded: YOLO layouts, boxes, non-maximum suppression.
 */
package dev.tubelet.model.detect;
