package io.rateflow.cli.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rateflow.job.RatingConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code k8s/} folder as the tests read it: YAML documents, and the resource models (Strimzi's,
 * fabric8's) they must fit without a single property the model does not know.
 */
final class K8sManifests {
  private K8sManifests() {}

  /** Surefire runs in the module's folder; the manifests are beside it. */
  static final Path DIR = Path.of("..", "k8s");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Path file(String relative) {
    return DIR.resolve(relative);
  }

  static String read(String relative) throws IOException {
    return Files.readString(file(relative));
  }

  /** Every non-empty document of a (multi-document) YAML text. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      if (doc != null) {
        out.add((Map<String, Object>) doc);
      }
    }
    return out;
  }

  static List<Map<String, Object>> documents(Path file) throws IOException {
    return documents(Files.readString(file));
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /** A nested value by keys; {@code null} when any step is missing. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object doc, String... keys) {
    Object o = doc;
    for (String k : keys) {
      if (!(o instanceof Map)) {
        return null;
      }
      o = ((Map<String, Object>) o).get(k);
    }
    return (T) o;
  }

  /**
   * The document as an instance of the model, failing on any property the model does not know.
   * Strimzi's and fabric8's classes keep unknown properties aside instead of failing (so a typo
   * would pass Jackson silently): every object of the result is searched for them.
   */
  static <T> T model(Map<String, Object> doc, Class<T> type, String where) {
    T model;
    try {
      model = MAPPER.convertValue(doc, type);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(
          where + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
    List<String> unknown = unknownProperties(model);
    if (!unknown.isEmpty()) {
      throw new AssertionError(
          where + ": properties " + type.getSimpleName() + " does not know: " + unknown);
    }
    return model;
  }

  /** Paths of the properties a model object kept aside as unknown, e.g. {@code spec.partitons}. */
  static List<String> unknownProperties(Object model) {
    List<String> out = new ArrayList<>();
    walk(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void walk(Object o, String path, List<String> out, Set<Object> seen) {
    if (o == null
        || o instanceof String
        || o instanceof Number
        || o instanceof Boolean
        || o instanceof Enum) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!(pkg.startsWith("io.strimzi.") || pkg.startsWith("io.fabric8.")) || !seen.add(o)) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || m.getReturnType().isPrimitive()
          || !(m.getName().startsWith("get"))
          || m.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
        }
        continue;
      }
      String name = m.getName().substring(3);
      walk(
          value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), out, seen);
    }
  }

  /** {@code k8s/rateflow.properties}, the job's configuration file. */
  static java.util.Properties sampleProperties() throws IOException {
    java.util.Properties p = new java.util.Properties();
    p.load(new java.io.StringReader(read("rateflow.properties")));
    return p;
  }

  /**
   * The base kustomization's ConfigMap generator, which makes the ConfigMap of rateflow.properties.
   */
  static Map<String, Object> configMapGenerator() throws IOException {
    List<Map<String, Object>> generators =
        at(documents(file("base/kustomization.yaml")).get(0), "configMapGenerator");
    if (generators == null || generators.size() != 1) {
      throw new AssertionError(
          "base/kustomization.yaml: expected one configMapGenerator, got " + generators);
    }
    return generators.get(0);
  }

  /**
   * Every topic name of the job's configuration, by accessor, found by reflection so none is
   * missed.
   */
  static Map<String, String> jobTopics(RatingConfig config) {
    Map<String, String> topics = new TreeMap<>();
    for (RecordComponent c : RatingConfig.class.getRecordComponents()) {
      if (c.getName().endsWith("Topic")) {
        try {
          topics.put(c.getName(), (String) c.getAccessor().invoke(config));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return topics;
  }

  /**
   * The topics the job reads (its Kafka sources, RatingJob); every other topic is one it writes.
   */
  static Set<String> jobInputs(RatingConfig c) {
    return Set.of(
        c.eventsTopic(),
        c.accountsTopic(),
        c.rulesTopic(),
        c.balanceCommandsTopic(),
        c.estimateRequestsTopic());
  }
}
