package io.rateflow.cli.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/**
 * The answer of {@code ./rateflow status}: Flink's part and Kafka's part, as text for people or
 * JSON for scripts, and the exit code that sums them up.
 *
 * @param maxLag total records behind that still count as caught up (the source commits offsets only
 *     on checkpoints, so a healthy job is always up to one checkpoint interval behind)
 */
public record StatusReport(Instant at, FlinkStatus flink, KafkaStatus kafka, long maxLag) {
  /** The job runs and is caught up. */
  public static final int CAUGHT_UP = 0;

  /** The job is not running, or Flink did not answer, or the job was not found. */
  public static final int NOT_RUNNING = 1;

  /**
   * The job runs but lags by more than {@code maxLag}, or Kafka did not answer so lag is unknown.
   */
  public static final int LAGGING = 3;

  public int exitCode() {
    if (!flink.answered() || !flink.running()) {
      return NOT_RUNNING;
    }
    if (!kafka.answered() || kafka.totalLag() > maxLag) {
      return LAGGING;
    }
    return CAUGHT_UP;
  }

  /** One line on what the exit code means here. */
  public String verdict() {
    return switch (exitCode()) {
      case CAUGHT_UP ->
          "RUNNING and caught up ("
              + kafka.totalLag()
              + " records behind, at most "
              + maxLag
              + " allowed)";
      case NOT_RUNNING ->
          !flink.answered()
              ? "NOT RUNNING as far as Flink tells: " + flink.error()
              : "NOT RUNNING: the job is " + flink.state();
      default ->
          !kafka.answered()
              ? "RUNNING, lag unknown: Kafka did not answer"
              : "RUNNING but LAGGING: "
                  + kafka.totalLag()
                  + " records behind (more than "
                  + maxLag
                  + ")";
    };
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("rateflow status at ").append(at).append('\n');
    b.append("\nFlink ").append(flink.address()).append('\n');
    if (!flink.answered()) {
      b.append("  ").append(flink.error()).append('\n');
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "  job %s (%s): %s%s, restarts %s%n",
              flink.jobId(),
              flink.jobName(),
              flink.state(),
              flink.uptimeMillis() == null ? "" : ", up " + duration(flink.uptimeMillis()),
              orNa(flink.restarts())));
      FlinkStatus.Checkpoint c = flink.lastCheckpoint();
      b.append("  last checkpoint: ")
          .append(
              c == null
                  ? "none completed yet"
                  : String.format(
                      Locale.ROOT,
                      "#%d, %s ago, %s, took %s",
                      c.id(),
                      duration(at.toEpochMilli() - c.completedAtMillis()),
                      bytes(c.sizeBytes()),
                      duration(c.durationMillis())));
      b.append("; failed checkpoints: ").append(orNa(flink.failedCheckpoints())).append('\n');
      b.append("  held events: ").append(orNa(flink.heldEvents())).append('\n');
    }
    b.append("\nKafka ")
        .append(kafka.bootstrap())
        .append(", consumer group ")
        .append(kafka.group())
        .append('\n');
    if (!kafka.answered()) {
      b.append("  ").append(kafka.error()).append('\n');
    } else {
      b.append(
          String.format(
              Locale.ROOT, "  %-28s %12s %12s %10s%n", "INPUT TOPIC", "END", "COMMITTED", "LAG"));
      for (TopicLag t : kafka.lag()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-28s %12d %12d %10d%s%n",
                t.topic(),
                t.end(),
                t.committed(),
                t.lag(),
                t.uncommittedPartitions() == 0
                    ? ""
                    : "  ("
                        + t.uncommittedPartitions()
                        + " of "
                        + t.partitions()
                        + " partitions not committed yet: counted from their start)"));
      }
      b.append(
          String.format(
              Locale.ROOT, "  %-28s %12s %12s %10d%n", "total", "", "", kafka.totalLag()));
      b.append("\nRule versions in force now (").append(kafka.rulesTopic()).append(")\n");
      if (kafka.rulesError() != null) {
        b.append("  ").append(kafka.rulesError()).append('\n');
      } else if (kafka.rules().isEmpty()) {
        b.append("  none: the rules topic is empty (publish with './rateflow rules publish')\n");
      }
      for (RuleSetState r : kafka.rules()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-18s %-24s %s",
                r.kind(),
                r.id(),
                r.inForce() == null
                    ? "none in force"
                    : "v" + r.inForce().version() + " since " + r.inForce().effectiveFrom()));
        for (RuleVersion s : r.scheduled()) {
          b.append("; v").append(s.version()).append(" from ").append(s.effectiveFrom());
        }
        for (RuleSetState.Rejected x : r.rejected()) {
          b.append("; v").append(x.version()).append(" REJECTED by the job");
        }
        b.append('\n');
      }
    }
    b.append("\n").append(verdict()).append(" (exit ").append(exitCode()).append(")\n");
    return b.toString();
  }

  public String json() {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("at", at.toString());
    ObjectNode f = root.putObject("flink");
    f.put("address", flink.address());
    f.put("answered", flink.answered());
    f.put("error", flink.error());
    f.put("job_id", flink.jobId());
    f.put("job_name", flink.jobName());
    f.put("state", flink.state());
    f.put("uptime_ms", flink.uptimeMillis());
    f.put("restarts", flink.restarts());
    FlinkStatus.Checkpoint c = flink.lastCheckpoint();
    if (c == null) {
      f.putNull("last_checkpoint");
    } else {
      ObjectNode cp = f.putObject("last_checkpoint");
      cp.put("id", c.id());
      cp.put("completed_at", Instant.ofEpochMilli(c.completedAtMillis()).toString());
      cp.put("age_ms", at.toEpochMilli() - c.completedAtMillis());
      cp.put("size_bytes", c.sizeBytes());
      cp.put("duration_ms", c.durationMillis());
    }
    f.put("failed_checkpoints", flink.failedCheckpoints());
    f.put("held_events", flink.heldEvents());
    ObjectNode k = root.putObject("kafka");
    k.put("bootstrap", kafka.bootstrap());
    k.put("group", kafka.group());
    k.put("answered", kafka.answered());
    k.put("error", kafka.error());
    ArrayNode lag = k.putArray("lag");
    for (TopicLag t : kafka.lag()) {
      lag.addObject()
          .put("topic", t.topic())
          .put("config_key", t.configKey())
          .put("partitions", t.partitions())
          .put("end", t.end())
          .put("committed", t.committed())
          .put("lag", t.lag())
          .put("uncommitted_partitions", t.uncommittedPartitions());
    }
    if (kafka.answered()) {
      k.put("total_lag", kafka.totalLag());
    } else {
      k.putNull("total_lag");
    }
    k.put("rules_topic", kafka.rulesTopic());
    k.put("rules_error", kafka.rulesError());
    ArrayNode rules = k.putArray("rules");
    for (RuleSetState r : kafka.rules()) {
      ObjectNode o = rules.addObject().put("kind", r.kind()).put("id", r.id());
      if (r.inForce() == null) {
        o.putNull("in_force");
      } else {
        version(o.putObject("in_force"), r.inForce());
      }
      ArrayNode s = o.putArray("scheduled");
      r.scheduled().forEach(v -> version(s.addObject(), v));
      ArrayNode x = o.putArray("rejected");
      r.rejected()
          .forEach(v -> x.addObject().put("version", v.version()).put("problem", v.problem()));
    }
    root.put("max_lag", maxLag);
    root.put("exit_code", exitCode());
    root.put("verdict", verdict());
    try {
      return m.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void version(ObjectNode o, RuleVersion v) {
    o.put("version", v.version())
        .put("effective_from", v.effectiveFrom().toString())
        .put("published_by", v.publishedBy());
  }

  private static String orNa(Long value) {
    return value == null ? "n/a" : value.toString();
  }

  /** 850 ms, 12 s, 3 min 05 s, 2 h 07 min, 3 d 04 h. */
  static String duration(long millis) {
    if (millis < 1000) {
      return Math.max(0, millis) + " ms";
    }
    long s = millis / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%d d %02d h", s / 86400, s % 86400 / 3600);
  }

  /** 512 B, 12.3 KiB, 4.0 MiB, 1.2 GiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
