package io.rateflow.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every Rateflow schema, looked up by the fingerprint a single-object
 * encoded record carries: what lets a reader resolve a record written by an older (or newer, once
 * released) writer. The versions ship in this jar under {@value #ROOT}, listed oldest first in its
 * {@code index.txt} (docs/schemas.md says how to release one). Also an Avro {@link SchemaStore}, so
 * a consumer can hand it to a generated class's {@code createDecoder}. Immutable, thread-safe.
 */
public final class ReleasedSchemas implements SchemaStore {
  public static final String ROOT = "io/rateflow/schemas/released/";

  private final Map<String, Map<String, Schema>> versions;
  private final Map<Long, Schema> byFingerprint = new HashMap<>();

  private ReleasedSchemas(Map<String, Map<String, Schema>> versions) {
    this.versions = versions;
    for (Map<String, Schema> schemas : versions.values()) {
      for (Schema s : schemas.values()) {
        byFingerprint.put(SchemaNormalization.parsingFingerprint64(s), s);
      }
    }
  }

  /** The versions shipped in this jar, read once. */
  public static ReleasedSchemas shipped() {
    return Shipped.INSTANCE;
  }

  /**
   * A store of the given versions (name to its record schemas), oldest first: for tests and
   * consumers who know more.
   */
  public static ReleasedSchemas of(Map<String, ? extends Collection<Schema>> versionsOldestFirst) {
    Map<String, Map<String, Schema>> all = new LinkedHashMap<>();
    versionsOldestFirst.forEach(
        (version, schemas) -> {
          Map<String, Schema> byName = new LinkedHashMap<>();
          schemas.forEach(s -> byName.put(s.getFullName(), s));
          all.put(version, Collections.unmodifiableMap(byName));
        });
    return new ReleasedSchemas(Collections.unmodifiableMap(all));
  }

  /** The shipped versions and then one more, e.g. a newer release than this jar knows. */
  public static ReleasedSchemas shippedAnd(String version, Collection<Schema> schemas) {
    Map<String, Collection<Schema>> all = new LinkedHashMap<>();
    shipped().versions.forEach((v, byName) -> all.put(v, byName.values()));
    all.put(version, schemas);
    return of(all);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** Version names, oldest first. */
  public List<String> versions() {
    return List.copyOf(versions.keySet());
  }

  /** The record schemas of one version, by full name. */
  public Map<String, Schema> version(String version) {
    Map<String, Schema> schemas = versions.get(version);
    if (schemas == null) {
      throw new IllegalArgumentException(
          "no released version " + version + "; released: " + versions.keySet());
    }
    return schemas;
  }

  /** The schema a record type had in its first release, the one bare Avro producers wrote. */
  public Optional<Schema> first(String fullName) {
    return versions.values().stream()
        .filter(v -> v.containsKey(fullName))
        .map(v -> v.get(fullName))
        .findFirst();
  }

  /** The schema of the newest release that has this record type. */
  public Optional<Schema> latest(String fullName) {
    List<Map<String, Schema>> newestFirst = new ArrayList<>(versions.values());
    Collections.reverse(newestFirst);
    return newestFirst.stream()
        .filter(v -> v.containsKey(fullName))
        .map(v -> v.get(fullName))
        .findFirst();
  }

  /**
   * Parses .avsc documents that refer to each other's named types, whatever their order: a document
   * whose types are not all defined yet waits for a later pass. Keyed by each document's full name.
   */
  public static Map<String, Schema> parseAll(Map<String, String> documentsByFile) {
    Map<String, Schema> known = new HashMap<>();
    Map<String, Schema> parsed = new LinkedHashMap<>();
    Map<String, String> pending = new LinkedHashMap<>(documentsByFile);
    Map<String, String> lastError = new HashMap<>();
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var doc = it.next();
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(known);
        try {
          Schema s = parser.parse(doc.getValue());
          known.putAll(parser.getTypes());
          parsed.put(s.getFullName(), s);
          it.remove();
          progress = true;
        } catch (SchemaParseException e) {
          lastError.put(doc.getKey(), e.getMessage());
        }
      }
    }
    if (!pending.isEmpty()) {
      String file = pending.keySet().iterator().next();
      throw new IllegalStateException(
          "cannot parse schema "
              + file
              + ": "
              + lastError.get(file)
              + "; fix the .avsc (or add the file defining the missing type to the same version)");
    }
    return parsed;
  }

  private static final class Shipped {
    static final ReleasedSchemas INSTANCE = load();

    private static ReleasedSchemas load() {
      Map<String, Map<String, String>> documents = new LinkedHashMap<>();
      for (String line : resource("index.txt").split("\n")) {
        String entry = line.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        int slash = entry.indexOf('/');
        if (slash < 1) {
          throw new IllegalStateException(
              ROOT + "index.txt: \"" + entry + "\" is not <version>/<file>.avsc");
        }
        documents
            .computeIfAbsent(entry.substring(0, slash), v -> new LinkedHashMap<>())
            .put(entry, resource(entry));
      }
      Map<String, Map<String, Schema>> versions = new LinkedHashMap<>();
      documents.forEach((v, docs) -> versions.put(v, Collections.unmodifiableMap(parseAll(docs))));
      return new ReleasedSchemas(Collections.unmodifiableMap(versions));
    }

    private static String resource(String name) {
      try (InputStream in =
          ReleasedSchemas.class.getClassLoader().getResourceAsStream(ROOT + name)) {
        if (in == null) {
          throw new IllegalStateException(
              ROOT
                  + name
                  + " is missing from the classpath: the rateflow-schemas jar "
                  + "is incomplete or index.txt names a file that was not released; rebuild the schemas module");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ROOT + name, e);
      }
    }
  }
}
