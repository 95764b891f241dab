package io.rateflow.cli.bench;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/**
 * The logical state of a running job per operator: a savepoint in Flink's canonical format (the
 * serialized keys and values, independent of RocksDB's files, compression and not yet compacted
 * versions), read back from its metadata. The on-disk checkpoint size says what storage costs; this
 * says what each part of the job keeps.
 */
final class StateBreakdown {
  /**
   * The stateful operators of the rating job by uid, with the names the report shows. The ledger's
   * daily totals live in the account operator (issue 10): no journal or summaries operator of their
   * own.
   */
  static final Map<String, String> RATING_OPERATORS =
      orderedOf(
          "account-processor",
              "rate per account (profile, event ids, aggregates, wallet, latches, ledger totals)",
          "ledger-analytics", "usage analytics (open minutes)");

  private StateBreakdown() {}

  /**
   * Bytes per operator uid of {@code operators}; everything else (sources' offsets, sinks'
   * transactions) as "other".
   */
  static Map<String, Long> of(JobClient job, Path dir, Map<String, String> operators)
      throws Exception {
    String pointer =
        job.triggerSavepoint(dir.toAbsolutePath().toUri().toString(), SavepointFormatType.CANONICAL)
            .get(5, TimeUnit.MINUTES);
    Path metadata =
        Path.of(java.net.URI.create(pointer.startsWith("file:") ? pointer : "file://" + pointer))
            .resolve("_metadata");
    CheckpointMetadata meta;
    try (InputStream in = Files.newInputStream(metadata)) {
      meta =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in), StateBreakdown.class.getClassLoader(), pointer);
    }
    Map<OperatorID, String> byId = new LinkedHashMap<>();
    for (String uid : operators.keySet()) {
      byId.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid);
    }
    Map<String, Long> bytes = new LinkedHashMap<>();
    operators.keySet().forEach(uid -> bytes.put(uid, 0L));
    bytes.put("other", 0L);
    for (OperatorState s : meta.getOperatorStates()) {
      bytes.merge(byId.getOrDefault(s.getOperatorID(), "other"), s.getStateSize(), Long::sum);
    }
    return bytes;
  }

  private static Map<String, String> orderedOf(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
