package dev.tubelet.schema;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro single-object encoding of one message type: the two marker bytes {@code C3 01}, the
 * schema's 64-bit Rabin fingerprint (of its Parsing Canonical Form, little-endian), then the
 * binary body. Any language's Avro library decodes it given the {@code .avsc}.
 *
 * <pre>{@code
 * SingleObjectSerde<VideoFrame> frames = SingleObjectSerde.of(VideoFrame.class);
 * byte[] bytes = frames.encode(frame);
 * VideoFrame back = frames.decode(bytes);
 * }</pre>
 *
 * <p>Thread-safe (Avro's message encoders and decoders are). Serializable, so Flink functions can hold one.
 *
 * @param <T> the generated message class
 */
public final class SingleObjectSerde<T extends SpecificRecordBase> implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
        TrustedPackages.register();
    }

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private SingleObjectSerde(Class<T> type) {
        this.type = type;
    }

    /**
     * @param type a generated class of dev.tubelet.schema
     * @return its serde
     */
    public static <T extends SpecificRecordBase> SingleObjectSerde<T> of(Class<T> type) {
        return new SingleObjectSerde<>(type);
    }

    /** @return the message schema */
    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    /** @return the schema's fingerprint as it appears in every message (CRC-64-AVRO of the canonical form) */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema());
    }

    /**
     * @param message a message
     * @return its single-object encoding
     */
    public byte[] encode(T message) {
        try {
            ByteBuffer buffer = encoder().encode(message);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new AvroRuntimeException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * @param bytes a Kafka record value
     * @return the message
     * @throws MessageFormatException NOT_AVRO when the bytes are not a single-object encoded
     *     message, WRONG_SCHEMA when they carry another schema's fingerprint
     */
    public T decode(byte[] bytes) throws MessageFormatException {
        if (bytes == null) {
            throw new MessageFormatException(
                    DeadLetterReason.NOT_AVRO,
                    "expected an Avro " + type.getSimpleName() + ", found a null value",
                    null);
        }
        try {
            return decoder().decode(bytes);
        } catch (BadHeaderException e) {
            throw new MessageFormatException(
                    DeadLetterReason.NOT_AVRO,
                    "expected an Avro single-object encoded " + type.getSimpleName() + " (marker C3 01), found "
                            + describeHead(bytes),
                    e);
        } catch (MissingSchemaException e) {
            throw new MessageFormatException(
                    DeadLetterReason.WRONG_SCHEMA,
                    "expected a " + type.getSimpleName() + " (schema fingerprint " + Long.toHexString(fingerprint())
                            + "), found another schema: " + e.getMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            throw new MessageFormatException(
                    DeadLetterReason.NOT_AVRO,
                    "a " + type.getSimpleName() + " header with a body that does not decode (" + bytes.length
                            + " bytes): " + e.getMessage(),
                    e);
        }
    }

    private static String describeHead(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            hex.append(String.format("%02X ", bytes[i] & 0xff));
        }
        return bytes.length == 0
                ? "an empty value"
                : hex.toString().strip() + (bytes.length > 4 ? " …" : "") + " (" + bytes.length + " bytes)";
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema());
        }
        return decoder;
    }
}
