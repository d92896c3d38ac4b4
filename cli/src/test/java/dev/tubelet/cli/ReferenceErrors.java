package dev.tubelet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** How far the runtime's numbers are from a reference's, as the reference tests measure it. */
final class ReferenceErrors {
    private ReferenceErrors() {}

    /** @return ‖actual − expected‖ / ‖expected‖ over two JSON arrays of numbers of one length */
    static double relativeL2(JsonNode actual, JsonNode expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.size(); i++) {
            double a = actual.get(i).asDouble();
            double e = expected.get(i).asDouble();
            diff += (a - e) * (a - e);
            norm += e * e;
        }
        return Math.sqrt(diff / norm);
    }
}
