package io.rateflow.cli.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * A faithful JSON object of an Avro record, for records {@code rate} has no JSON shape of
 * (triggers, balance views, journal entries): every field by its schema name in schema order,
 * decimals as exact strings (never a double), timestamps and dates in ISO-8601, enums by name,
 * unions unwrapped, bytes in base64, map keys sorted so equal records print equal lines.
 */
public final class AvroJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  public static String line(IndexedRecord record) {
    try {
      return JSON.writeValueAsString(node(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + record.getSchema().getName() + " as JSON", e);
    }
  }

  static JsonNode node(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof IndexedRecord r) {
      ObjectNode o = NODES.objectNode();
      for (Schema.Field f : r.getSchema().getFields()) {
        o.set(f.name(), node(r.get(f.pos())));
      }
      return o;
    }
    if (value instanceof BigDecimal d) {
      return NODES.textNode(d.toPlainString());
    }
    if (value instanceof CharSequence
        || value instanceof Enum<?>
        || value instanceof GenericEnumSymbol<?>
        || value instanceof TemporalAccessor) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Number n) {
      // float or double: no money field has this type (money is minor units or decimals)
      return NODES.numberNode(n.doubleValue());
    }
    if (value instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, v) -> sorted.put(k.toString(), v));
      sorted.forEach((k, v) -> o.set(k, node(v)));
      return o;
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(v -> a.add(node(v)));
      return a;
    }
    return NODES.textNode(value.toString());
  }
}
