package dev.tubelet.model.runtime;

import dev.tubelet.model.InvalidModelException;

/** A GPU was required and no GPU execution provider could run the model. */
public final class GpuUnavailableException extends InvalidModelException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which providers were tried and why each failed
     */
    public GpuUnavailableException(String message) {
        super(message);
    }
}
