package io.rateflow.cli.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which Kafka data the state in a checkpoint or savepoint directory was built from: the cluster,
 * and the id of each input topic (a topic deleted and created again gets a new id). A snapshot
 * holds source offsets, remembered event ids and balances of those topics: restored against other
 * data (a new local broker, staging instead of production, a recreated topic) its offsets point
 * past records it never read, which are then skipped without a trace, and its balances belong to
 * other history. So {@code run} writes this file next to the snapshots it creates and refuses to
 * resume them against other data unless told to.
 */
public record StateOrigin(
    String clusterId, String bootstrapServers, Map<String, String> inputTopicIds) {
  static final String FILE = "rateflow-kafka-origin.properties";
  private static final String TOPIC_ID = "topic.id.";

  public StateOrigin {
    inputTopicIds = Map.copyOf(inputTopicIds);
  }

  /** Records the origin in {@code dir} (a checkpoint or savepoint directory of this run). */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("kafka.cluster.id", clusterId);
    p.setProperty("bootstrap.servers", bootstrapServers);
    inputTopicIds.forEach((topic, id) -> p.setProperty(TOPIC_ID + topic, id));
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(
          w, "The Kafka data the snapshots in this directory were taken against (./rateflow run)");
    }
  }

  /** As {@link #writeTo}, for a snapshot that exists already. */
  void writeToQuietly(Path dir) {
    try {
      writeTo(dir);
    } catch (IOException | RuntimeException e) {
      // best effort: without the record the next run refuses to resume it and says what to do
    }
  }

  /**
   * The origin recorded for a snapshot: in its own directory (a savepoint, or a run's directory) or
   * its parent ({@code checkpoints/JOB/chk-N}), or empty when none was recorded. Never further up:
   * a parent shared by snapshots of several runs holds none.
   */
  public static Optional<StateOrigin> of(Path snapshot) {
    Path dir = snapshot.toAbsolutePath().normalize();
    for (int i = 0; i < 2 && dir != null; i++, dir = dir.getParent()) {
      Path f = dir.resolve(FILE);
      if (Files.isRegularFile(f)) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
        } catch (IOException e) {
          return Optional.empty();
        }
        String id = p.getProperty("kafka.cluster.id");
        Map<String, String> topics = new TreeMap<>();
        p.stringPropertyNames().stream()
            .filter(k -> k.startsWith(TOPIC_ID))
            .forEach(k -> topics.put(k.substring(TOPIC_ID.length()), p.getProperty(k)));
        return id == null
            ? Optional.empty()
            : Optional.of(new StateOrigin(id, p.getProperty("bootstrap.servers", "?"), topics));
      }
    }
    return Optional.empty();
  }

  /**
   * Why resuming {@code snapshot} against the data {@code current} describes would be wrong, or
   * empty when it is the same data. A snapshot with no recorded origin is refused too: nothing says
   * its offsets belong to these topics.
   */
  public static Optional<String> mismatch(
      Optional<StateOrigin> recorded, StateOrigin current, Path snapshot) {
    String what = "the newest retained state (" + snapshot + ")";
    String todo =
        ". Start with --fresh (the old state is removed after the first new checkpoint), or pass"
            + " --from-savepoint PATH to resume it deliberately";
    if (recorded.isEmpty()) {
      return Optional.of(
          what
              + " does not record which Kafka data it was built from (it predates that record):"
              + " its offsets may point past records of these topics, which would be skipped"
              + todo);
    }
    StateOrigin then = recorded.get();
    if (!then.clusterId.equals(current.clusterId)) {
      return Optional.of(
          what
              + " was built against Kafka cluster "
              + then.clusterId
              + " ("
              + then.bootstrapServers
              + "), but the configuration points at cluster "
              + current.clusterId
              + " ("
              + current.bootstrapServers
              + "): its offsets and balances belong to the other cluster's topics"
              + todo);
    }
    for (Map.Entry<String, String> t : new TreeMap<>(then.inputTopicIds).entrySet()) {
      String now = current.inputTopicIds.get(t.getKey());
      if (now != null && !now.equals(t.getValue())) {
        return Optional.of(
            what
                + " was built from topic '"
                + t.getKey()
                + "' with id "
                + t.getValue()
                + ", which has been deleted and created again since (id "
                + now
                + "): its offsets point into the old"
                + " topic's records"
                + todo);
      }
    }
    return Optional.empty();
  }
}
