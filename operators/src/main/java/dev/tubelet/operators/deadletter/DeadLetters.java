package dev.tubelet.operators.deadletter;

import org.apache.flink.util.OutputTag;

/** The side output every operator routes rejected records to. */
public final class DeadLetters {
    /** Side output of rejected records. */
    public static final OutputTag<DeadLetterRecord> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}
}
