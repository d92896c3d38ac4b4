package dev.tubelet.operators.boxes;

/** Where a keyframe's boxes came from (the order is the DetectionEvent's BoxSource). */
public enum BoxOrigin {
    /** From the frame message: a camera or edge device detected them. */
    UPSTREAM,
    /** A person detector run on the keyframe. */
    DETECTOR,
    /** The motion proposer. */
    MOTION
}
