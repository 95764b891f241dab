package io.rateflow.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The editors' JSON Schema must name the same keys, models and aggregations as the validator. */
class RuleSchemaTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String... path) {
    Map<String, Object> m = (Map<String, Object>) o;
    for (String key : path) {
      m = (Map<String, Object>) m.get(key);
    }
    return m;
  }

  @Test
  @SuppressWarnings("unchecked")
  void schemaMatchesTheValidator() throws Exception {
    Map<String, Object> schema =
        new Yaml().load(Files.readString(Fixtures.rulesDir().resolve("rule-set.schema.json")));
    assertThat(map(schema, "properties").keySet())
        .containsExactlyInAnyOrderElementsOf(RuleParser.TOP_KEYS);
    Map<String, Object> meter = map(schema, "$defs", "meter");
    assertThat(map(meter, "properties").keySet())
        .containsExactlyInAnyOrderElementsOf(RuleParser.METER_KEYS);
    assertThat((List<String>) map(meter, "properties", "aggregation").get("enum"))
        .containsExactlyElementsOf(
            Arrays.stream(Aggregation.values()).map(Aggregation::yamlName).toList());
    List<Map<String, Object>> models =
        (List<Map<String, Object>>) map(schema, "$defs", "model").get("oneOf");
    assertThat(models)
        .extracting(m -> map(m, "properties", "model").get("const"))
        .containsExactlyElementsOf(PriceReader.MODELS);
  }
}
