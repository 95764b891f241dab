package io.rateflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePointTest {
  static final String JOB_A = "a".repeat(32);
  static final String JOB_B = "b".repeat(32);

  @TempDir Path dir;

  private Path completed(Path p, String when) throws IOException {
    Files.createDirectories(p);
    Path m = Files.writeString(p.resolve("_metadata"), "x");
    Files.setLastModifiedTime(m, FileTime.from(Instant.parse(when)));
    return p;
  }

  @Test
  void theNewestCompletedCheckpointAcrossJobsWinsAndIncompleteOnesAreIgnored() throws IOException {
    Path cp = dir.resolve("checkpoints");
    completed(cp.resolve(JOB_A).resolve("chk-7"), "2026-12-01T10:00:00Z");
    Path newest = completed(cp.resolve(JOB_B).resolve("chk-2"), "2026-12-01T11:00:00Z");
    Files.createDirectories(cp.resolve(JOB_B).resolve("chk-3")); // crashed before _metadata
    Files.createDirectories(cp.resolve(JOB_B).resolve("shared"));
    Files.createDirectories(cp.resolve(JOB_B).resolve("taskowned"));
    completed(dir.resolve("savepoints").resolve("savepoint-aaaa-1"), "2026-12-01T09:00:00Z");

    assertThat(RestorePoint.latest(cp, dir.resolve("savepoints")))
        .hasValueSatisfying(
            r -> {
              assertThat(r.dir()).isEqualTo(newest);
              assertThat(r.kind()).isEqualTo("checkpoint");
            });
  }

  @Test
  void aSavepointNewerThanTheCheckpointsWins() throws IOException {
    Path cp = dir.resolve("checkpoints");
    completed(cp.resolve(JOB_A).resolve("chk-7"), "2026-12-01T10:00:00Z");
    Path elsewhere =
        completed(dir.resolve("elsewhere").resolve("savepoint-bbbb-2"), "2026-12-01T12:00:00Z");
    assertThat(RestorePoint.latest(cp, dir.resolve("savepoints"), elsewhere))
        .hasValueSatisfying(
            r -> {
              assertThat(r.dir()).isEqualTo(elsewhere);
              assertThat(r.kind()).isEqualTo("savepoint");
            });
  }

  @Test
  void nothingToResumeFromInMissingOrEmptyDirectories() throws IOException {
    Files.createDirectories(dir.resolve("checkpoints").resolve(JOB_A).resolve("chk-1"));
    assertThat(RestorePoint.latest(dir.resolve("checkpoints"), dir.resolve("none"))).isEmpty();
  }

  @Test
  void pruningKeepsTheCurrentJobAndWhatIsNotAJobDirectory() throws IOException {
    Path cp = dir.resolve("checkpoints");
    completed(cp.resolve(JOB_A).resolve("chk-7"), "2026-12-01T10:00:00Z");
    completed(cp.resolve(JOB_B).resolve("chk-1"), "2026-12-01T11:00:00Z");
    Files.createDirectories(cp.resolve("notes"));
    assertThat(RestorePoint.pruneOtherJobs(cp, JOB_B)).isEqualTo(1);
    assertThat(cp.resolve(JOB_A)).doesNotExist();
    assertThat(cp.resolve(JOB_B).resolve("chk-1").resolve("_metadata")).exists();
    assertThat(cp.resolve("notes")).exists();
  }
}
