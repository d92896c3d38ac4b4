package dev.tubelet.schema;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it does not trust ({@code SecurityException: Forbidden
 * dev.tubelet.schema.VideoFrame}), and its system properties are read only once, at class load.
 * {@link #register()} adds our generated classes to Avro's global validator; call it before the
 * first builder or decoder (the serde and the operators do).
 */
public final class TrustedPackages {
    private static volatile boolean registered;

    private TrustedPackages() {}

    /** Trusts {@code dev.tubelet.schema.*} in this JVM, once. */
    public static void register() {
        if (registered) {
            return;
        }
        synchronized (TrustedPackages.class) {
            if (!registered) {
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        ClassSecurityValidator.getGlobal(),
                        type -> type.getName().startsWith("dev.tubelet.schema.")));
                registered = true;
            }
        }
    }
}
