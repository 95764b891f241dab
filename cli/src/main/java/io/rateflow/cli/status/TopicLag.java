package io.rateflow.cli.status;

/**
 * How far the job's consumer group is behind on one input topic: the last stable offsets (what a
 * read_committed reader can reach) minus the offsets the group committed. The Kafka source commits
 * on each completed checkpoint, so a job that is keeping up still shows up to one checkpoint
 * interval of records here. Lag counts offsets, not records: each transaction's commit marker takes
 * an offset of its own, which a consumer that has read everything has also passed.
 *
 * @param uncommittedPartitions partitions where the group has committed nothing yet; their whole
 *     content (end minus start) counts as lag
 */
public record TopicLag(
    String topic,
    String configKey,
    int partitions,
    long end,
    long committed,
    long lag,
    int uncommittedPartitions) {}
