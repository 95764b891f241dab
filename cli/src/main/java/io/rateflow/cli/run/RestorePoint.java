package io.rateflow.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A completed checkpoint or savepoint a local run can resume from: a directory holding {@code
 * _metadata}, which Flink writes last, so a directory without it is a checkpoint that never
 * completed (a crash mid-way) and is ignored.
 *
 * <p>Layout: checkpoints under {@code <checkpoints>/<job id>/chk-<n>/}, one job-id directory per
 * job that ran; savepoints under {@code <savepoints>/savepoint-*}/.
 */
public record RestorePoint(Path dir, String kind, FileTime completed) {
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern CHECKPOINT = Pattern.compile("chk-\\d+");

  @Override
  public String toString() {
    return kind + " " + dir + " (" + completed + ")";
  }

  /** The newest completed checkpoint or savepoint in these directories (either may be missing). */
  public static Optional<RestorePoint> latest(
      Path checkpoints, Path savepoints, Path... moreSavepoints) {
    List<RestorePoint> all = new ArrayList<>(checkpoints(checkpoints, null));
    all.addAll(savepoints(savepoints));
    for (Path p : moreSavepoints) {
      ifCompleted(p, "savepoint").ifPresent(all::add);
    }
    return all.stream()
        .max(Comparator.comparing(RestorePoint::completed).thenComparing(r -> number(r.dir())));
  }

  /** Completed checkpoints of one job ({@code jobId}), or of every job ({@code null}). */
  public static List<RestorePoint> checkpoints(Path checkpoints, String jobId) {
    List<RestorePoint> out = new ArrayList<>();
    for (Path job : list(checkpoints)) {
      String name = job.getFileName().toString();
      if (!JOB_ID.matcher(name).matches() || (jobId != null && !jobId.equals(name))) {
        continue;
      }
      for (Path chk : list(job)) {
        if (CHECKPOINT.matcher(chk.getFileName().toString()).matches()) {
          ifCompleted(chk, "checkpoint").ifPresent(out::add);
        }
      }
    }
    return out;
  }

  static List<RestorePoint> savepoints(Path savepoints) {
    List<RestorePoint> out = new ArrayList<>();
    for (Path s : list(savepoints)) {
      if (s.getFileName().toString().startsWith("savepoint-")) {
        ifCompleted(s, "savepoint").ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Deletes the checkpoint directories of every job but {@code keepJobId}. Restores run in NO_CLAIM
   * mode, so Flink never deletes the checkpoint a job started from; once the new job has completed
   * a checkpoint of its own (a full one, in NO_CLAIM mode) the old directories are not needed.
   *
   * @return how many job directories were removed
   */
  public static int pruneOtherJobs(Path checkpoints, String keepJobId) {
    int removed = 0;
    for (Path job : list(checkpoints)) {
      String name = job.getFileName().toString();
      if (JOB_ID.matcher(name).matches() && !name.equals(keepJobId)) {
        deleteRecursively(job);
        removed++;
      }
    }
    return removed;
  }

  private static Optional<RestorePoint> ifCompleted(Path dir, String kind) {
    Path metadata = dir.resolve("_metadata");
    try {
      if (Files.isRegularFile(metadata) && Files.size(metadata) > 0) {
        return Optional.of(new RestorePoint(dir, kind, Files.getLastModifiedTime(metadata)));
      }
    } catch (IOException e) {
      // deleted while we looked (a subsumed checkpoint): not a candidate
    }
    return Optional.empty();
  }

  private static long number(Path dir) {
    String name = dir.getFileName().toString();
    return name.startsWith("chk-") ? Long.parseLong(name.substring(4)) : -1;
  }

  private static List<Path> list(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
