package dev.tubelet.operators.frames;

/**
 * A Kafka record as read, before parsing: where it came from and its bytes. A Flink POJO, so it
 * crosses the network without Kryo.
 */
public class RawKafkaRecord {
    /** Source topic. */
    public String topic;
    /** Source partition. */
    public int partition;
    /** Offset in the partition. */
    public long offset;
    /** Record key (the camera id, UTF-8), or null. */
    public byte[] key;
    /** Record value. */
    public byte[] value;
    /** Kafka timestamp, epoch milliseconds. */
    public long timestamp;

    /** For Flink. */
    public RawKafkaRecord() {}

    public RawKafkaRecord(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }
}
