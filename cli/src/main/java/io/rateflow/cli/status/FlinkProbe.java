package io.rateflow.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the rating job's state from Flink's REST API: the job, its restarts, its checkpoints and
 * the account operator's {@code heldEvents} gauge.
 */
public final class FlinkProbe {
  /**
   * The name {@code ./rateflow run} submits the job under; used to find it when no job id is given.
   */
  static final String JOB_NAME = "rateflow-rating";

  /** The gauge the account operator registers: inputs held in keyed state, per subtask. */
  static final String HELD_EVENTS = "heldEvents";

  /**
   * The gauge of one subtask as a vertex lists it: {@code <subtask index>.<operator>.heldEvents}.
   */
  private static final Pattern PER_SUBTASK = Pattern.compile("\\d+\\.(.+\\.)?" + HELD_EVENTS);

  private FlinkProbe() {}

  /**
   * Never throws: when Flink does not answer or the job is not there, the status says so.
   *
   * @param jobId the job to describe, or {@code null} to find the running rating job
   */
  public static FlinkStatus probe(FlinkRest rest, String address, String jobId) {
    try {
      String jid = jobId != null ? jobId : findJob(rest);
      if (jid == null) {
        return FlinkStatus.unreachable(
            address,
            "no job named '"
                + JOB_NAME
                + "' on the Flink cluster at "
                + address
                + " (pass --job ID if it runs under another name)");
      }
      JsonNode job;
      try {
        job = rest.get("/jobs/" + jid);
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("HTTP 404")) {
          return FlinkStatus.unreachable(
              address, "the Flink cluster at " + address + " does not know job " + jid);
        }
        throw e;
      }
      String state = job.path("state").asText(null);
      Long uptime = null;
      if ("RUNNING".equals(state) && job.has("start-time") && job.has("now")) {
        uptime = Math.max(0, job.get("now").asLong() - job.get("start-time").asLong());
      }
      JsonNode checkpoints = optional(rest, "/jobs/" + jid + "/checkpoints");
      FlinkStatus.Checkpoint last = null;
      Long failed = null;
      if (checkpoints != null) {
        JsonNode completed = checkpoints.path("latest").path("completed");
        if (completed.isObject() && completed.has("id")) {
          last =
              new FlinkStatus.Checkpoint(
                  completed.get("id").asLong(),
                  completed.path("latest_ack_timestamp").asLong(),
                  completed.path("state_size").asLong(),
                  completed.path("end_to_end_duration").asLong());
        }
        JsonNode f = checkpoints.path("counts").path("failed");
        failed = f.isNumber() ? f.asLong() : null;
      }
      return new FlinkStatus(
          address,
          null,
          jid,
          job.path("name").asText(null),
          state,
          uptime,
          restarts(rest, jid),
          last,
          failed,
          heldEvents(rest, jid, job.path("vertices")));
    } catch (IOException | RuntimeException e) {
      return FlinkStatus.unreachable(
          address,
          "Flink at "
              + address
              + " did not answer: "
              + message(e)
              + " (check --flink HOST:PORT, the REST port of the JobManager)");
    }
  }

  /** The running rating job, else the newest job of that name, else the only job there is. */
  private static String findJob(FlinkRest rest) throws IOException {
    JsonNode jobs = rest.get("/jobs/overview").path("jobs");
    JsonNode best = null;
    for (JsonNode j : jobs) {
      if (!JOB_NAME.equals(j.path("name").asText())) {
        continue;
      }
      boolean running = "RUNNING".equals(j.path("state").asText());
      boolean bestRunning = best != null && "RUNNING".equals(best.path("state").asText());
      if (best == null
          || (running && !bestRunning)
          || (running == bestRunning
              && j.path("start-time").asLong() > best.path("start-time").asLong())) {
        best = j;
      }
    }
    if (best == null && jobs.size() == 1) {
      best = jobs.get(0);
    }
    return best == null ? null : best.path("jid").asText();
  }

  private static Long restarts(FlinkRest rest, String jid) {
    JsonNode metrics = optional(rest, "/jobs/" + jid + "/metrics?get=numRestarts");
    if (metrics != null) {
      for (JsonNode m : metrics) {
        if ("numRestarts".equals(m.path("id").asText()) && m.has("value")) {
          try {
            return Long.parseLong(m.get("value").asText());
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  /**
   * The {@code heldEvents} gauge summed over the subtasks of every vertex that reports it; {@code
   * null} when none does (a job built before the gauge existed, or metrics not yet fetched by the
   * REST server). Each subtask's value is asked for by name ({@code
   * <subtask>.<operator>.heldEvents} at the vertex), so a subtask whose value is missing shows as a
   * smaller sum, never as a wrong attribution.
   */
  private static Long heldEvents(FlinkRest rest, String jid, JsonNode vertices) {
    Long total = null;
    for (JsonNode v : vertices) {
      String base = "/jobs/" + jid + "/vertices/" + v.path("id").asText() + "/metrics";
      JsonNode available = optional(rest, base);
      if (available == null) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      for (JsonNode m : available) {
        String id = m.path("id").asText();
        if (PER_SUBTASK.matcher(id).matches()) {
          ids.add(id);
        }
      }
      if (ids.isEmpty()) {
        continue;
      }
      JsonNode values =
          optional(
              rest,
              base + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8));
      if (values != null) {
        for (JsonNode m : values) {
          if (m.has("value")) {
            try {
              total =
                  (total == null ? 0 : total)
                      + Math.round(Double.parseDouble(m.get("value").asText()));
            } catch (NumberFormatException e) {
              // a gauge that is not a number is no count of held events
            }
          }
        }
      }
    }
    return total;
  }

  /** A detail that must never fail the whole status. */
  private static JsonNode optional(FlinkRest rest, String path) {
    try {
      return rest.get(path);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
      if (e.getCause() != null && e.getCause().getMessage() != null) {
        m += ": " + e.getCause().getMessage();
      }
    }
    return m;
  }
}
