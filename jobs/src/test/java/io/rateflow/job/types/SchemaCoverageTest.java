package io.rateflow.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.UsageState;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written serializers know their records' fields by heart: a field added to a schema would
 * be silently dropped on every shuffle and state write. This fails first, naming the fields each
 * serializer was written for; when it does, serialize the new field, raise the serializer's format
 * version and read the previous version in its snapshot's restored serializer.
 */
class SchemaCoverageTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Inbound; account_id,payload,raw,source_topic,source_partition,source_offset,ingested_at,held_since",
        "ActivityEvent; event_id,account_id,meter,quantity,event_time,attributes,value,unit_price,source",
        "AccountProfile; account_id,plan,segment,currency,status,time_zone,gl_customer_code,legal_entity,region,prepaid_only,credit_limit_minor,effective_time",
        "BalanceCommand; command_id,account_id,type,amount_minor,currency,grant_kind,grant_id,meter,units,priority,expiry,source,reason,issued_at",
        "EstimateRequest; request_id,account_id,meter,quantity,attributes,value,requested_at",
        "UsageState; period,aggregate,uniques,events,charged_minor,recurring_start,recurring_changes"
      })
  void everyFieldOfTheSchemaIsOneTheSerializerWrites(String record, String fields) {
    Schema schema =
        switch (record) {
          case "Inbound" -> Inbound.SCHEMA$;
          case "ActivityEvent" -> ActivityEvent.SCHEMA$;
          case "AccountProfile" -> AccountProfile.SCHEMA$;
          case "BalanceCommand" -> BalanceCommand.SCHEMA$;
          case "EstimateRequest" -> EstimateRequest.SCHEMA$;
          case "UsageState" -> UsageState.SCHEMA$;
          default -> throw new IllegalArgumentException(record);
        };
    assertThat(schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toList()))
        .as("fields of %s that %sSerializer writes", record, record)
        .containsExactlyElementsOf(List.of(fields.split(",")));
    if (record.equals("Inbound")) {
      assertThat(schema.getField("payload").schema().getTypes())
          .extracting(Schema::getName)
          .as("the payload branches InboundSerializer tags")
          .containsExactly("ActivityEvent", "AccountProfile", "BalanceCommand", "EstimateRequest");
    }
  }
}
