package dev.tubelet.schema;

/** A Kafka record value that is not a Tubelet message of the expected type. */
public final class MessageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    /**
     * @param reason the dead-letter reason code
     * @param message what was expected and what was found
     * @param cause the decoder's failure
     */
    public MessageFormatException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the dead-letter reason code */
    public DeadLetterReason reason() {
        return reason;
    }
}
