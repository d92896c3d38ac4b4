package dev.tubelet.model;

/** Helpers for the one-line error messages Tubelet prints. */
public final class ErrorMessages {
    private ErrorMessages() {}

    /**
     * @param message a message from a library (ONNX Runtime, Jackson), possibly multi-line or null
     * @return its first line, trimmed, or "no detail"
     */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
