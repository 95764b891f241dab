package io.rateflow.schema;

import static io.rateflow.schema.AvroCodecEvolutionTest.copy;
import static io.rateflow.schema.AvroCodecEvolutionTest.record;
import static io.rateflow.schema.AvroCodecEvolutionTest.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The compatibility check bites: each kind of breaking change of a real schema is reported, the
 * safe ones are not.
 */
class EvolutionRulesTest {
  static final Schema EVENT = ActivityEvent.getClassSchema();

  static Schema withField(Schema schema, Schema.Field added) {
    List<Schema.Field> fields = copy(schema.getFields());
    fields.add(added);
    return record(schema, fields);
  }

  static Schema replacing(Schema schema, String name, UnaryOperator<Schema.Field> change) {
    List<Schema.Field> fields = copy(schema.getFields());
    fields.replaceAll(f -> f.name().equals(name) ? change.apply(f) : f);
    return record(schema, fields);
  }

  static List<String> against010(Schema changed) {
    return EvolutionRules.problems(changed, EVENT, "0.1.0");
  }

  @Test
  void safeChangesPass() {
    Schema optional =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    assertThat(
            against010(
                withField(
                    EVENT, new Schema.Field("channel", optional, null, JsonProperties.NULL_VALUE))))
        .isEmpty();
    assertThat(
            against010(
                withField(
                    EVENT, new Schema.Field("priority", Schema.create(Schema.Type.INT), null, 0))))
        .isEmpty();
    assertThat(against010(without(EVENT, "source"))).isEmpty(); // it had a default
    assertThat(
            against010(
                replacing(
                    EVENT,
                    "source",
                    f ->
                        new Schema.Field(f, f.schema()) {
                          {
                            addProp("doc2", "x");
                          }
                        })))
        .isEmpty();
  }

  @Test
  void aNewRequiredFieldWithoutDefaultBreaksBackward() {
    List<String> problems =
        against010(withField(EVENT, new Schema.Field("region", Schema.create(Schema.Type.STRING))));
    assertThat(problems)
        .singleElement()
        .asString()
        .contains("ActivityEvent against 0.1.0: BACKWARD")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("region");
  }

  @Test
  void removingAFieldWithoutDefaultBreaksForward() {
    List<String> problems = against010(without(EVENT, "meter"));
    assertThat(problems).singleElement().asString().contains("FORWARD").contains("meter");
  }

  @Test
  void aTypeChangeBreaksBothWays() {
    Schema changed =
        replacing(
            EVENT,
            "meter",
            f -> new Schema.Field(f.name(), Schema.create(Schema.Type.INT), f.doc()));
    assertThat(against010(changed))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("BACKWARD").contains("TYPE_MISMATCH"))
        .anySatisfy(p -> assertThat(p).contains("FORWARD").contains("TYPE_MISMATCH"));
  }

  @Test
  void aDecimalScaleChangeThatAvroCallsCompatibleIsReported() {
    Schema twoDigits = LogicalTypes.decimal(24, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    Schema changed =
        replacing(EVENT, "quantity", f -> new Schema.Field(f.name(), twoDigits, f.doc()));
    assertThat(against010(changed))
        .singleElement()
        .asString()
        .contains(
            "logical type of /quantity changed from bytes decimal(24,6) to bytes decimal(24,2)");
  }

  @Test
  void aBreakingChangeInTheMainSchemasFailsTheBuildsCheck() throws IOException {
    // What SchemaCompatibilityTest runs, with ActivityEvent.avsc given a required field
    Map<String, Schema> main = new LinkedHashMap<>(SchemaCompatibilityTest.mainSchemas());
    assertThat(EvolutionRules.problems(main, ReleasedSchemas.shipped())).isEmpty();
    main.put(
        EVENT.getFullName(),
        withField(EVENT, new Schema.Field("region", Schema.create(Schema.Type.STRING))));
    assertThat(EvolutionRules.problems(main, ReleasedSchemas.shipped()))
        .singleElement()
        .asString()
        .contains("region");
  }
}
