package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrtEnvironmentsTest {
    @Test
    void aCommandLineThatWouldCrashOnnxRuntimeIsRefusedWithAMessage() {
        assertThatCode(() -> OrtEnvironments.checkCommandLine(4095)).doesNotThrowAnyException();
        assertThatCode(() -> OrtEnvironments.checkCommandLine(-1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> OrtEnvironments.checkCommandLine(9630))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("9630 bytes")
                .hasMessageContaining("java @args-file");
    }
}
