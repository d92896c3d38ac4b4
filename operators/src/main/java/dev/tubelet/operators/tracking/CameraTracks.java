package dev.tubelet.operators.tracking;

/** A camera's tracker state (keyed, checkpointed; a Flink POJO). */
public class CameraTracks {
    /** Next track id to hand out (ids are per camera, from 1). */
    public long nextId = 1;

    public Track[] tracks = new Track[0];
    /** Processing time of the last update, epoch milliseconds (for releasing idle cameras). */
    public long lastUpdateMillis;

    /** For Flink. */
    public CameraTracks() {}
}
