package io.rateflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the launcher lives, so default paths work from any working directory. */
public final class Home {
  private Home() {}

  public static Path dir() {
    return Path.of(System.getProperty("rateflow.home", "."));
  }

  /** A relative path that does not exist here is taken relative to the Rateflow checkout. */
  public static Path resolve(Path p) {
    if (p.isAbsolute() || Files.exists(p)) {
      return p;
    }
    return dir().resolve(p);
  }

  /**
   * The launcher's scratch space (broker data, checkpoints): {@code .rateflow/} in the checkout.
   */
  public static Path work(String name) {
    return dir().resolve(".rateflow").resolve(name);
  }
}
