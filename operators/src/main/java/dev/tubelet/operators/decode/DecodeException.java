package dev.tubelet.operators.decode;

import dev.tubelet.schema.DeadLetterReason;

/** An image that cannot or must not be decoded, with the dead-letter reason. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    public DecodeException(DeadLetterReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the dead-letter reason */
    public DeadLetterReason reason() {
        return reason;
    }
}
