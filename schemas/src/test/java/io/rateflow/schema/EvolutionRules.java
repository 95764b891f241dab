package io.rateflow.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The evolution rules of docs/schemas.md as a check: a schema must be compatible with every
 * released version of itself in both directions (FULL, transitive), and keep every field's logical
 * type (Avro's check calls a decimal whose scale changed compatible: the same bytes would then read
 * as another amount).
 */
final class EvolutionRules {
  private EvolutionRules() {}

  /** Every rule {@code schema} breaks against the released {@code version} of it, one line each. */
  static List<String> problems(Schema schema, Schema released, String version) {
    List<String> problems = new ArrayList<>();
    String name = schema.getName() + " against " + version + ": ";
    direction(
        SchemaCompatibility.checkReaderWriterCompatibility(schema, released),
        name + "BACKWARD (the new schema reading records written with " + version + ")",
        problems);
    direction(
        SchemaCompatibility.checkReaderWriterCompatibility(released, schema),
        name + "FORWARD (readers of " + version + " reading records written with the new schema)",
        problems);
    logicalTypes(schema, released, "", name, problems, new java.util.IdentityHashMap<>());
    return problems;
  }

  /**
   * The problems of every schema in {@code current} (by full name) against every released version
   * of it.
   */
  static List<String> problems(Map<String, Schema> current, ReleasedSchemas released) {
    List<String> problems = new ArrayList<>();
    for (Schema schema : current.values()) {
      for (String version : released.versions()) {
        Schema old = released.version(version).get(schema.getFullName());
        if (old != null) {
          problems.addAll(problems(schema, old, version));
        }
      }
    }
    return problems;
  }

  private static void direction(
      SchemaPairCompatibility result, String what, List<String> problems) {
    for (Incompatibility i : result.getResult().getIncompatibilities()) {
      problems.add(what + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
  }

  private static void logicalTypes(
      Schema now,
      Schema then,
      String path,
      String name,
      List<String> problems,
      Map<Schema, Boolean> seen) {
    if (now.getType() == Schema.Type.RECORD && then.getType() == Schema.Type.RECORD) {
      if (seen.put(now, Boolean.TRUE) != null) {
        return;
      }
      for (Schema.Field f : now.getFields()) {
        Schema.Field old = then.getField(f.name());
        if (old != null) {
          logicalTypes(f.schema(), old.schema(), path + "/" + f.name(), name, problems, seen);
        }
      }
    } else if (now.getType() == Schema.Type.UNION && then.getType() == Schema.Type.UNION) {
      for (Schema branch : now.getTypes()) {
        for (Schema old : then.getTypes()) {
          if (branch.getType() == old.getType()) {
            logicalTypes(branch, old, path, name, problems, seen);
          }
        }
      }
    } else if (now.getType() == Schema.Type.ARRAY && then.getType() == Schema.Type.ARRAY) {
      logicalTypes(now.getElementType(), then.getElementType(), path + "[]", name, problems, seen);
    } else if (now.getType() == Schema.Type.MAP && then.getType() == Schema.Type.MAP) {
      logicalTypes(now.getValueType(), then.getValueType(), path + "{}", name, problems, seen);
    } else if (!Objects.equals(now.getLogicalType(), then.getLogicalType())) {
      problems.add(
          name
              + "logical type of "
              + (path.isEmpty() ? "/" : path)
              + " changed from "
              + describe(then)
              + " to "
              + describe(now)
              + ": the same bytes would mean another value");
    }
  }

  private static String describe(Schema s) {
    return s.getLogicalType() == null
        ? s.getType().getName()
        : s.getType().getName()
            + " "
            + s.getProp("logicalType")
            + (s.getObjectProp("scale") != null
                ? "(" + s.getObjectProp("precision") + "," + s.getObjectProp("scale") + ")"
                : "");
  }
}
