package dev.tubelet.model.checkpoint;

/** A pickle in a checkpoint names a class or function that a tensor checkpoint has no need of. */
public final class UnsafeCheckpointException extends CheckpointFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the file and the refused name
     */
    public UnsafeCheckpointException(String message) {
        super(message);
    }
}
