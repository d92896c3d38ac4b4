package dev.tubelet.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tubelet.model.ErrorMessages;
import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing the JSON files that sit beside a model, with errors that name the file. */
final class JsonFiles {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {}

    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file + ": expected a JSON file, found nothing there");
        }
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidModelException(file + ": expected a JSON object, found "
                        + (node == null ? "an empty file" : node.getNodeType()));
            }
            return node;
        } catch (IOException e) {
            throw new InvalidModelException(
                    file + ": not valid JSON (" + ErrorMessages.firstLine(e.getMessage()) + ")", e);
        }
    }

    static void write(Path file, Object tree) throws IOException {
        MAPPER.writeValue(file.toFile(), tree);
    }

    static int intField(JsonNode node, String field, int fallback, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new InvalidModelException(file + ": '" + field + "' must be an integer, found " + value);
        }
        return value.intValue();
    }

    static double doubleField(JsonNode node, String field, double fallback, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new InvalidModelException(file + ": '" + field + "' must be a number, found " + value);
        }
        return value.doubleValue();
    }

    static boolean boolField(JsonNode node, String field, boolean fallback, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidModelException(file + ": '" + field + "' must be true or false, found " + value);
        }
        return value.booleanValue();
    }

    static String textField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
