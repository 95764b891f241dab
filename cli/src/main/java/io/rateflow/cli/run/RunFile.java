package io.rateflow.cli.run;

import io.rateflow.cli.Home;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running local {@code ./rateflow run} tells {@code ./rateflow stop}: the REST port of its
 * MiniCluster and the job id (also read by {@code ./rateflow status}), in {@code
 * .rateflow/run/job.properties}; and where the last {@code stop} put its savepoint, in {@code
 * .rateflow/run/last-savepoint}, so the next run can resume from it even when it was written
 * outside the default savepoint directory.
 */
public record RunFile(int restPort, String jobId, long pid) {
  static Path dir() {
    return Home.work("run");
  }

  public static Path file() {
    return dir().resolve("job.properties");
  }

  /** The default savepoint directory of local runs. */
  public static Path savepoints() {
    return dir().resolve("savepoints").toAbsolutePath();
  }

  static Path lastSavepointFile() {
    return dir().resolve("last-savepoint");
  }

  void write() throws IOException {
    Files.createDirectories(dir());
    Properties p = new Properties();
    p.setProperty("rest.port", Integer.toString(restPort));
    p.setProperty("job.id", jobId);
    p.setProperty("pid", Long.toString(pid));
    Path tmp = dir().resolve("job.properties.tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "the running ./rateflow run; read by ./rateflow stop and status");
    }
    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The running local job, if a run recorded one (its process may have ended since: check {@link
   * #pid()}).
   */
  public static Optional<RunFile> read() throws IOException {
    if (!Files.exists(file())) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file())) {
      p.load(r);
    }
    return Optional.of(
        new RunFile(
            Integer.parseInt(p.getProperty("rest.port")),
            p.getProperty("job.id"),
            Long.parseLong(p.getProperty("pid", "-1"))));
  }

  /** Removes the file if it still describes this run (a newer run may have replaced it). */
  void delete() {
    try {
      if (read().filter(this::equals).isPresent()) {
        Files.deleteIfExists(file());
      }
    } catch (IOException | RuntimeException e) {
      // best effort at exit: a stale file names a job that no longer answers, which stop reports
    }
  }

  static void recordSavepoint(String path) throws IOException {
    Files.createDirectories(dir());
    Files.writeString(lastSavepointFile(), path + System.lineSeparator());
  }

  /** The savepoint the last {@code stop} took, as a local directory, if any. */
  static Optional<Path> lastSavepoint() {
    try {
      if (!Files.exists(lastSavepointFile())) {
        return Optional.empty();
      }
      return Optional.of(LocalPaths.of(Files.readString(lastSavepointFile()).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
