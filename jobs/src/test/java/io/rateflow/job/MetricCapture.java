package io.rateflow.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;

/**
 * A real task metric group whose registry records every metric registered under it, with its name
 * and the variables a reporter turns into labels ({@code <key>} for a key/value group).
 */
final class MetricCapture {
  /** One registration: the metric's name, its labels (without the angle brackets), the metric. */
  record Registered(String name, Map<String, String> variables, Metric metric) {
    String label(String key) {
      return variables.get("<" + key + ">");
    }
  }

  final List<Registered> registered = new ArrayList<>();
  final TaskMetricGroup task;

  MetricCapture() {
    TestingMetricRegistry registry =
        TestingMetricRegistry.builder()
            .setRegisterConsumer(
                (metric, name, group) ->
                    registered.add(new Registered(name, group.getAllVariables(), metric)))
            .build();
    task =
        TaskManagerMetricGroup.createTaskManagerMetricGroup(
                registry, "localhost", ResourceID.generate())
            .addJob(new JobID(), "test-job")
            .addTask(ExecutionAttemptID.randomId(), "test-task");
  }

  /** Every registration of {@code name}. */
  List<Registered> named(String name) {
    return registered.stream().filter(r -> r.name().equals(name)).toList();
  }

  /** The counter {@code name} whose label {@code key} is {@code value}, if registered. */
  Optional<Counter> counter(String name, String key, String value) {
    return named(name).stream()
        .filter(r -> value.equals(r.label(key)))
        .map(r -> (Counter) r.metric())
        .findFirst();
  }
}
