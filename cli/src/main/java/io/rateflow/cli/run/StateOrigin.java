package io.rateflow.cli.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Which Kafka cluster the state in a checkpoint or savepoint directory was built from. A snapshot
 * holds source offsets, remembered event ids and balances of that cluster's topics: restored against
 * another cluster (a new local broker, staging instead of production) its offsets point into other
 * data and silently skip records, and its balances belong to other accounts' history. So {@code run}
 * writes this file next to the snapshots it creates and refuses to resume them against another
 * cluster unless told to.
 */
public record StateOrigin(String clusterId, String bootstrapServers) {
  static final String FILE = "rateflow-kafka-origin.properties";

  /** Records the origin in {@code dir} (a checkpoint or savepoint directory of this run). */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("kafka.cluster.id", clusterId);
    p.setProperty("bootstrap.servers", bootstrapServers);
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "The Kafka cluster the snapshots in this directory were taken against (./rateflow run)");
    }
  }

  /** As {@link #writeTo}, for a snapshot that exists already: without the record it still restores, unguarded. */
  void writeToQuietly(Path dir) {
    try {
      writeTo(dir);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  /**
   * The origin recorded for a snapshot: in its own directory (a savepoint, or a run's directory) or
   * its parent ({@code checkpoints/JOB/chk-N}), or empty for snapshots taken before origins were
   * recorded. Never further up: a parent shared by snapshots of several runs holds none.
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
        return id == null ? Optional.empty() : Optional.of(new StateOrigin(id, p.getProperty("bootstrap.servers", "?")));
      }
    }
    return Optional.empty();
  }

  /** Why resuming {@code snapshot} against {@code current} would be wrong, or empty when it is the same cluster. */
  public Optional<String> mismatch(StateOrigin current, Path snapshot) {
    if (clusterId.equals(current.clusterId)) {
      return Optional.empty();
    }
    return Optional.of("the newest retained state (" + snapshot + ") was built against Kafka cluster " + clusterId
        + " (" + bootstrapServers + "), but the configuration points at cluster " + current.clusterId + " ("
        + current.bootstrapServers + "): its offsets and balances belong to the other cluster's topics. Start with"
        + " --fresh (the old state is removed after the first new checkpoint), or pass --from-savepoint PATH to resume"
        + " it deliberately");
  }
}
