package io.rateflow.cli.run;

import java.net.URI;
import java.nio.file.Path;

/** Local directories given as a path or a {@code file:} URI, as Flink writes them either way. */
final class LocalPaths {
  private LocalPaths() {}

  static Path of(String pathOrUri) {
    if (pathOrUri.startsWith("file:")) {
      return Path.of(URI.create(pathOrUri)).toAbsolutePath();
    }
    if (pathOrUri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new IllegalArgumentException(
          "'"
              + pathOrUri
              + "' is not a local directory; a local run keeps its state on this machine"
              + " (give a path or a file: URI)");
    }
    return Path.of(pathOrUri).toAbsolutePath();
  }
}
