package io.rateflow.cli.topics;

import io.rateflow.yaml.BoundedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The topics of k8s/topics.yaml, the one definition that both Strimzi and {@code ./rateflow topics
 * create} apply. The build copies the file into the cli jar (cli/pom.xml), so it is never
 * duplicated.
 */
public final class TopicDefinitions {
  /** Where the build puts k8s/topics.yaml on the classpath. */
  public static final String RESOURCE = "/io/rateflow/cli/topics/topics.yaml";

  private TopicDefinitions() {}

  /** The definitions shipped with this build. */
  public static List<TopicDefinition> shipped() {
    try (InputStream in = TopicDefinitions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the classpath: the cli jar was built without"
                + " k8s/topics.yaml; rebuild with 'mvn -pl cli -am package -DskipTests'");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "k8s/topics.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Every {@code KafkaTopic} document of a multi-document YAML text; other kinds are skipped. */
  public static List<TopicDefinition> parse(String yaml, String where) {
    if (yaml.length() > BoundedYaml.MAX_DOCUMENT_CHARS) {
      throw new IllegalArgumentException(
          where
              + " has "
              + yaml.length()
              + " characters; at most "
              + BoundedYaml.MAX_DOCUMENT_CHARS
              + " are read");
    }
    // the same bounds as every other YAML the project reads (BoundedYaml), for a stream of
    // documents
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(BoundedYaml.MAX_ALIASES);
    options.setNestingDepthLimit(BoundedYaml.MAX_NESTING_DEPTH);
    options.setCodePointLimit(BoundedYaml.MAX_DOCUMENT_CHARS);
    List<TopicDefinition> out = new ArrayList<>();
    int index = 0;
    Iterable<Object> docs = new Yaml(new SafeConstructor(options)).loadAll(yaml);
    try {
      for (Object doc : docs) {
        definition(doc, ++index, where).ifPresent(out::add);
      }
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new IllegalArgumentException(where + ": not valid YAML: " + e.getMessage());
    }
    return out;
  }

  private static Optional<TopicDefinition> definition(Object doc, int index, String where) {
    if (!(doc instanceof Map<?, ?> m) || !"KafkaTopic".equals(m.get("kind"))) {
      return Optional.empty();
    }
    String what = where + " document " + index;
    String name =
        string(map(m.get("metadata"), what + " metadata").get("name"), what + " metadata.name");
    Map<?, ?> spec = map(m.get("spec"), what + " (" + name + ") spec");
    Map<String, String> config = new LinkedHashMap<>();
    Object c = spec.get("config");
    if (c != null) {
      map(c, what + " (" + name + ") spec.config")
          .forEach((k, v) -> config.put(String.valueOf(k), String.valueOf(v)));
    }
    return Optional.of(
        new TopicDefinition(
            name,
            number(spec.get("partitions"), what + " (" + name + ") spec.partitions"),
            number(spec.get("replicas"), what + " (" + name + ") spec.replicas"),
            config));
  }

  private static Map<?, ?> map(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(what + " is missing or not a mapping");
  }

  private static String string(Object o, String what) {
    if (o instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new IllegalArgumentException(what + " is missing or not a string");
  }

  private static int number(Object o, String what) {
    if (o instanceof Integer i && i > 0) {
      return i;
    }
    throw new IllegalArgumentException(what + " must be a whole number above 0, got " + o);
  }
}
