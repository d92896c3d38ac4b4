package dev.tubelet.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.InvalidModelException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {
    private static InputLayout detect(long[] shape, InputLayout stated) {
        return ModelSignature.detectLayout(shape, Optional.ofNullable(stated), "m.onnx", "[…]");
    }

    @Test
    void theChannelAxisTellsTheLayout() {
        assertThat(detect(new long[] {1, 16, 3, 224, 224}, null)).isEqualTo(InputLayout.BTCHW);
        assertThat(detect(new long[] {1, 3, 16, 224, 224}, null)).isEqualTo(InputLayout.BCTHW);
        assertThat(detect(new long[] {-1, -1, 3, 224, 224}, null)).isEqualTo(InputLayout.BTCHW);
        assertThat(detect(new long[] {-1, 3, -1, 224, 224}, null)).isEqualTo(InputLayout.BCTHW);
    }

    @Test
    void whereTheShapeCannotTellTheStatedLayoutIsUsed() {
        assertThat(detect(new long[] {-1, -1, -1, 224, 224}, InputLayout.BCTHW)).isEqualTo(InputLayout.BCTHW);
        assertThat(detect(new long[] {1, 3, 3, 224, 224}, InputLayout.BTCHW)).isEqualTo(InputLayout.BTCHW);
        assertThatThrownBy(() -> detect(new long[] {-1, -1, -1, 224, 224}, null))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage(
                        "m.onnx: cannot tell the input layout from [?, ?, ?, 224, 224]; state it with --layout BTCHW|BCTHW "
                                + "or \"tubelet_input_layout\" in config.json");
    }

    @Test
    void aStatedLayoutThatContradictsTheShapeIsRefused() {
        assertThatThrownBy(() -> detect(new long[] {1, 16, 3, 224, 224}, InputLayout.BCTHW))
                .hasMessage("m.onnx: the layout was given as BCTHW but the input shape [1, 16, 3, 224, 224] is BTCHW");
    }

    @Test
    void aShapeWithoutColourChannelsIsRefused() {
        assertThatThrownBy(() -> detect(new long[] {1, 16, 4, 224, 224}, null))
                .hasMessageContaining("no axis of 3 colour channels");
    }
}
