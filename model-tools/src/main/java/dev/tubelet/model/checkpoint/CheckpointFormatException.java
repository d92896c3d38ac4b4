package dev.tubelet.model.checkpoint;

import dev.tubelet.model.InvalidModelException;

/** A checkpoint file that cannot be read, or that holds something other than what an import needs. */
public class CheckpointFormatException extends InvalidModelException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the file, what was expected and what was found
     */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /**
     * @param message the file, what was expected and what was found
     * @param cause the underlying failure
     */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
