package dev.tubelet.testkit;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Flink's keyed operator harness, set up as the job runs Tubelet's operators: Kryo off (every
 * state and element type must have its own serializer, as with {@code pipeline.generic-types:
 * false}), opened, optionally restored from a snapshot.
 *
 * <pre>{@code
 * var harness = KeyedHarnesses.open(new StridedWindowAssembler(…), f -> f.cameraId, Types.STRING);
 * harness.processElement(new StreamRecord<>(frame));
 * OperatorSubtaskState snapshot = harness.snapshot(1, 1);
 * var restored = KeyedHarnesses.restore(new StridedWindowAssembler(…), f -> f.cameraId, Types.STRING, snapshot);
 * }</pre>
 */
public final class KeyedHarnesses {
    private KeyedHarnesses() {}

    /**
     * @param function the keyed process function under test
     * @param key its key selector
     * @param keyType the key's type
     * @return the harness, set up and open; close it when done
     */
    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> open(
            KeyedProcessFunction<K, I, O> function, KeySelector<I, K> key, TypeInformation<K> keyType)
            throws Exception {
        return restore(function, key, keyType, null);
    }

    /**
     * @param function the keyed process function under test
     * @param key its key selector
     * @param keyType the key's type
     * @param snapshot state to restore from ({@code harness.snapshot(…)}), or null for none
     * @return the harness, set up, restored and open; close it when done
     */
    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> restore(
            KeyedProcessFunction<K, I, O> function,
            KeySelector<I, K> key,
            TypeInformation<K> keyType,
            OperatorSubtaskState snapshot)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, keyType);
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
        harness.setup();
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }
}
