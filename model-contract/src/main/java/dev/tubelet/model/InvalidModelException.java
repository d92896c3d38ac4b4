package dev.tubelet.model;

/**
 * A model, its configuration files or the options given for it do not fit what Tubelet needs.
 *
 * <p>The message is meant for a person: it names the file or option, what was expected and
 * what was found, on one line, so that a command line can print it as it is.
 */
public class InvalidModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was expected and what was found
     */
    public InvalidModelException(String message) {
        super(message);
    }

    /**
     * @param message what was expected and what was found
     * @param cause the underlying failure (an I/O or ONNX Runtime error)
     */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
