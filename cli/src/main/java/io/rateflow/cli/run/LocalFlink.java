package io.rateflow.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A local Flink MiniCluster for the launcher's commands, with the web UI while a job runs. */
public final class LocalFlink {
  /** Managed memory (RocksDB) per slot of local runs. */
  static final int LOCAL_MANAGED_MB_PER_SLOT = 512;

  private LocalFlink() {}

  /** A local environment; {@code webUiPort} 0 means no web UI. */
  public static StreamExecutionEnvironment environment(
      Configuration conf, int parallelism, int webUiPort) {
    Configuration c = new Configuration(conf);
    c.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    // RocksDB's block cache and write buffers live in managed memory. Local execution defaults it
    // to
    // 128 MB for the whole TaskManager, which a few hundred thousand accounts outgrow: every state
    // read
    // then decompresses SST blocks again. A Kubernetes TaskManager (4 GB) has ~1.4 GB of it.
    if (!c.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
      c.set(
          TaskManagerOptions.MANAGED_MEMORY_SIZE,
          MemorySize.ofMebiBytes(LOCAL_MANAGED_MB_PER_SLOT * parallelism));
    }
    StreamExecutionEnvironment env;
    if (webUiPort > 0) {
      c.set(RestOptions.PORT, webUiPort);
      c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(c);
    } else {
      env = StreamExecutionEnvironment.createLocalEnvironment(c);
    }
    env.setParallelism(parallelism);
    return env;
  }

  /** A port free right now on loopback, for the web UI. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
