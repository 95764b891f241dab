package io.rateflow.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST part of {@code status} over canned answers shaped like Flink 2.2's. */
class FlinkProbeTest {
  private static final String JID = "5f3e2a4b6c7d8e9f0a1b2c3d4e5f6a7b";
  private static final long NOW = 1_780_000_000_000L;

  /** Answers only the paths it was given; anything else is a 404, as Flink's REST server does. */
  private static final class Canned implements FlinkRest {
    final Map<String, String> answers = new HashMap<>();

    Canned answer(String path, String json) {
      answers.put(path, json);
      return this;
    }

    @Override
    public JsonNode get(String path) throws IOException {
      String body = answers.get(path);
      if (body == null) {
        throw new IOException(
            "HTTP 404 for " + path + ": {\"errors\":[\"Not found: " + path + "\"]}");
      }
      return new ObjectMapper().readTree(body);
    }
  }

  private static Canned runningJob() {
    return new Canned()
        .answer(
            "/jobs/overview",
            """
            {"jobs":[{"jid":"00000000000000000000000000000001","name":"rateflow-rating","state":"CANCELED","start-time":1},
                     {"jid":"%s","name":"rateflow-rating","state":"RUNNING","start-time":%d},
                     {"jid":"00000000000000000000000000000002","name":"other","state":"RUNNING","start-time":5}]}
            """
                .formatted(JID, NOW - 3_723_000))
        .answer(
            "/jobs/" + JID,
            """
            {"jid":"%s","name":"rateflow-rating","state":"RUNNING","start-time":%d,"end-time":-1,"duration":3723000,"now":%d,
             "vertices":[{"id":"v-source","name":"Source: kafka: activity-events","parallelism":2},
                         {"id":"v-account","name":"account -> Sink: charges","parallelism":2}]}
            """
                .formatted(JID, NOW - 3_723_000, NOW))
        .answer(
            "/jobs/" + JID + "/metrics?get=numRestarts",
            """
            [{"id":"numRestarts","value":"2"}]""")
        .answer(
            "/jobs/" + JID + "/checkpoints",
            """
            {"counts":{"restored":1,"total":40,"in_progress":0,"completed":38,"failed":2},
             "latest":{"completed":{"className":"completed","id":41,"status":"COMPLETED","is_savepoint":false,
               "trigger_timestamp":%d,"latest_ack_timestamp":%d,"state_size":12582912,"checkpointed_size":1048576,
               "end_to_end_duration":350},
               "failed":{"id":40,"status":"FAILED","failure_message":"timeout"}},
             "history":[]}
            """
                .formatted(NOW - 4_350, NOW - 4_000))
        .answer(
            "/jobs/" + JID + "/vertices/v-source/metrics",
            """
            [{"id":"0.Source__kafka__activity-events.numRecordsOut"},{"id":"1.numRecordsIn"}]""")
        .answer(
            "/jobs/" + JID + "/vertices/v-account/metrics",
            """
            [{"id":"0.account.numRecordsIn"},{"id":"0.account.heldEvents"},{"id":"1.account.heldEvents"},{"id":"1.numRecordsIn"}]""")
        .answer(
            "/jobs/"
                + JID
                + "/vertices/v-account/metrics?get=0.account.heldEvents%2C1.account.heldEvents",
            """
            [{"id":"0.account.heldEvents","value":"12"},{"id":"1.account.heldEvents","value":"5"}]""");
  }

  @Test
  void findsTheRunningRatingJobAndReadsItsCheckpointsRestartsAndHeldEvents() {
    FlinkStatus s = FlinkProbe.probe(runningJob(), "jm:8081", null);

    assertThat(s.error()).isNull();
    assertThat(s.jobId()).isEqualTo(JID);
    assertThat(s.state()).isEqualTo("RUNNING");
    assertThat(s.uptimeMillis()).isEqualTo(3_723_000L);
    assertThat(s.restarts()).isEqualTo(2L);
    assertThat(s.lastCheckpoint())
        .isEqualTo(new FlinkStatus.Checkpoint(41, NOW - 4_000, 12_582_912, 350));
    assertThat(s.failedCheckpoints()).isEqualTo(2L);
    assertThat(s.heldEvents()).isEqualTo(17L);
  }

  @Test
  void aJobWithoutTheHeldEventsGaugeShowsNotAvailableAndNeverFails() {
    Canned rest =
        runningJob()
            .answer(
                "/jobs/" + JID + "/vertices/v-account/metrics",
                """
        [{"id":"0.account.numRecordsIn"}]""");

    FlinkStatus s = FlinkProbe.probe(rest, "jm:8081", JID);
    StatusReport report = new StatusReport(Instant.ofEpochMilli(NOW), s, caughtUp(), 1000);

    assertThat(s.error()).isNull();
    assertThat(s.heldEvents()).isNull();
    assertThat(report.text()).contains("held events: n/a");
    assertThat(report.json()).contains("\"held_events\" : null");
    assertThat(report.exitCode()).isEqualTo(StatusReport.CAUGHT_UP);
  }

  @Test
  void theTextShowsStateUptimeAndTheLastCheckpoint() {
    StatusReport report =
        new StatusReport(
            Instant.ofEpochMilli(NOW),
            FlinkProbe.probe(runningJob(), "jm:8081", null),
            caughtUp(),
            1000);

    assertThat(report.text())
        .contains("job " + JID + " (rateflow-rating): RUNNING, up 1 h 02 min, restarts 2")
        .contains("last checkpoint: #41, 4 s ago, 12.0 MiB, took 350 ms; failed checkpoints: 2")
        .contains("held events: 17")
        .contains("RUNNING and caught up");
  }

  @Test
  void aFailedJobIsNotRunning() {
    Canned rest =
        runningJob()
            .answer(
                "/jobs/" + JID,
                """
        {"jid":"%s","name":"rateflow-rating","state":"FAILED","start-time":1,"now":%d,"vertices":[]}"""
                    .formatted(JID, NOW));

    StatusReport report =
        new StatusReport(
            Instant.ofEpochMilli(NOW), FlinkProbe.probe(rest, "jm:8081", JID), caughtUp(), 1000);

    assertThat(report.exitCode()).isEqualTo(StatusReport.NOT_RUNNING);
    assertThat(report.verdict()).isEqualTo("NOT RUNNING: the job is FAILED");
  }

  @Test
  void anUnknownJobIdIsSaid() {
    FlinkStatus s = FlinkProbe.probe(runningJob(), "jm:8081", "ffffffffffffffffffffffffffffffff");

    assertThat(s.error())
        .isEqualTo(
            "the Flink cluster at jm:8081 does not know job ffffffffffffffffffffffffffffffff");
  }

  @Test
  void whenFlinkDoesNotAnswerTheKafkaPartIsStillShown() {
    FlinkRest down =
        path -> {
          throw new ConnectException("Connection refused");
        };

    StatusReport report =
        new StatusReport(
            Instant.ofEpochMilli(NOW), FlinkProbe.probe(down, "jm:8081", null), lagging(), 1000);

    assertThat(report.exitCode()).isEqualTo(StatusReport.NOT_RUNNING);
    assertThat(report.text())
        .contains("Flink at jm:8081 did not answer: Connection refused")
        .contains("activity-events")
        .contains("5000");
    assertThat(report.json()).contains("\"answered\" : false").contains("\"total_lag\" : 5000");
  }

  @Test
  void aRunningJobThatLagsOrWhoseKafkaDoesNotAnswerExitsThree() {
    FlinkStatus running = FlinkProbe.probe(runningJob(), "jm:8081", null);

    StatusReport lagging = new StatusReport(Instant.ofEpochMilli(NOW), running, lagging(), 1000);
    StatusReport unknown =
        new StatusReport(
            Instant.ofEpochMilli(NOW),
            running,
            KafkaStatus.unreachable(
                "b:9092",
                "rateflow-rating",
                "pricing-rules",
                "Kafka at b:9092 did not answer within 10 s"),
            1000);

    assertThat(lagging.exitCode()).isEqualTo(StatusReport.LAGGING);
    assertThat(lagging.verdict())
        .isEqualTo("RUNNING but LAGGING: 5000 records behind (more than 1000)");
    assertThat(new StatusReport(Instant.ofEpochMilli(NOW), running, lagging(), 5000).exitCode())
        .isEqualTo(StatusReport.CAUGHT_UP);
    assertThat(unknown.exitCode()).isEqualTo(StatusReport.LAGGING);
    assertThat(unknown.text())
        .contains("Kafka at b:9092 did not answer within 10 s")
        .contains("job " + JID);
  }

  private static KafkaStatus caughtUp() {
    return new KafkaStatus(
        "b:9092",
        "rateflow-rating",
        null,
        List.of(new TopicLag("activity-events", "topic.events", 2, 100, 100, 0, 0)),
        "pricing-rules",
        List.of(),
        null);
  }

  private static KafkaStatus lagging() {
    return new KafkaStatus(
        "b:9092",
        "rateflow-rating",
        null,
        List.of(new TopicLag("activity-events", "topic.events", 2, 9000, 4000, 5000, 0)),
        "pricing-rules",
        List.of(),
        null);
  }
}
