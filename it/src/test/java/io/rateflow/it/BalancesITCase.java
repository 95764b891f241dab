package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.BalanceView;
import io.rateflow.avro.Charge;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.EstimateResponse;
import io.rateflow.avro.FundingPart;
import io.rateflow.avro.PromotionTriggerRecord;
import io.rateflow.cli.ledger.TopicSnapshot;
import io.rateflow.cli.rules.RuleLoader;
import io.rateflow.cli.run.JobWatch;
import io.rateflow.cli.run.OutputTally;
import io.rateflow.cli.run.Producers;
import io.rateflow.job.RatingConfig;
import io.rateflow.job.RatingJob;
import io.rateflow.schema.AvroCodec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Prepaid balances end to end: top-up, bonus and welcome promotions, burn-down, expiry, estimates.
 */
class BalancesITCase extends KafkaFlinkTestBase {

  static final String EUR =
      RatingJobITCase.USD_V1
          .replace("id: it-usd", "id: it-eur")
          .replace("currency: USD", "currency: EUR");

  @Test
  void aPrepaidAccountsMoneyIsRightToTheMinorUnitThroughPromotionsUsageExpiryAndAnEstimate()
      throws Exception {
    PipelineFixture f = new PipelineFixture(kafka, "wallet");
    RatingConfig config = f.config;
    f.rule("it-eur", 1, "2026-01-01T00:00:00Z", EUR);
    Producers.publishRules(
        kafka.bootstrapServers(),
        Map.of(),
        config.rulesTopic(),
        RuleLoader.loadPromotions(Path.of("..", "pricing-rules", "promotions"), 1, "test"));
    AccountProfile w = PipelineFixture.account("W", "EUR", "smb", AccountStatus.ACTIVE);
    w.setPrepaidOnly(true);
    f.accounts(w);

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant issued = now.minusSeconds(60);
    BalanceCommand topUp = command("t1", BalanceCommandType.TOP_UP, 6000, issued);
    BalanceCommand expiring = command("g-exp", BalanceCommandType.GRANT, 300, issued);
    expiring.setGrantKind(BalanceGrantKind.PROMOTIONAL);
    expiring.setPriority(200); // drawn last, so it lapses unused
    expiring.setExpiry(now.plusSeconds(6));
    send(config.balanceCommandsTopic(), BalanceCommand.class, "W", topUp, expiring);

    Configuration conf = RatingJob.flinkConfiguration(config, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    new RatingJob(config).build(env);
    JobClient job = env.executeAsync("balances");
    try (OutputTally tally =
        new OutputTally(
            kafka.bootstrapServers(),
            config.chargesTopic(),
            config.rejectedTopic(),
            config.eventsTopic(),
            true)) {
      // the bonus for the 60.00 top-up must be there before usage, or usage would draw other credit
      PipelineFixture.await(
          kafka, config.movementsTopic(), BalanceMovementRecord.class, m -> m.size() >= 3);
      f.events(
          List.of(
              PipelineFixture.event(
                  "e1",
                  "W",
                  "api_calls",
                  "50",
                  now.toString()), // 5.00: first use -> welcome credit after it
              PipelineFixture.event("e2", "W", "api_calls", "30", now.toString()))); // 3.00
      assertThat(JobWatch.awaitAccounted(job, tally, 2, Duration.ofSeconds(60), n -> {}))
          .isEqualTo(JobWatch.Outcome.ACCOUNTED);
      send(
          config.estimateRequestsTopic(),
          EstimateRequest.class,
          "W",
          EstimateRequest.newBuilder()
              .setRequestId("q1")
              .setAccountId("W")
              .setMeter("api_calls")
              .setQuantity(new BigDecimal("100").setScale(6))
              .setAttributes(Map.of())
              .setRequestedAt(now)
              .build());

      // burn order: priority (welcome 10, bonus 20, top-up 100, expiring 200), so e1 takes the
      // bonus
      // (the welcome credit is granted after e1, on first use) and e2 the welcome credit
      assertThat(tally.keptCharges())
          .extracting(Charge::getEventId, Charge::getFundingSource, Charge::getAmountMinor)
          .containsExactly(tuple("e1", "PROMOTIONAL", 500L), tuple("e2", "PROMOTIONAL", 300L));

      // at usage 80, 100 more cost 20 × 0.10 + 80 × 0.05 = 6.00: welcome 2.00 left, bonus 1.00,
      // then paid credit
      EstimateResponse answer =
          PipelineFixture.await(
                  kafka, config.estimateResponsesTopic(), EstimateResponse.class, r -> !r.isEmpty())
              .get(0);
      assertThat(answer.getError()).isNull();
      assertThat(answer.getAmountMinor()).isEqualTo(600L);
      assertThat(answer.getFunding())
          .extracting(FundingPart::getSource, FundingPart::getAmountMinor)
          .containsExactly(
              tuple("PROMOTIONAL", 200L), tuple("PROMOTIONAL", 100L), tuple("PREPAID", 300L));

      List<BalanceMovementRecord> movements =
          PipelineFixture.await(
              kafka,
              config.movementsTopic(),
              BalanceMovementRecord.class,
              m -> m.stream().anyMatch(x -> x.getKind().equals("EXPIRY")));
      assertThat(movements)
          .extracting(
              BalanceMovementRecord::getKind,
              BalanceMovementRecord::getGrantKind,
              BalanceMovementRecord::getAmountMinor)
          .containsExactly(
              tuple("TOP_UP", "PREPAID", 6000L),
              tuple("GRANT", "PROMOTIONAL", 600L), // top-up bonus: 10 % of 60.00
              tuple("GRANT", "PROMOTIONAL", 300L), // the expiring grant
              tuple("USAGE", "PROMOTIONAL", -500L),
              tuple("GRANT", "PROMOTIONAL", 500L), // welcome credit on first use of api_calls
              tuple("USAGE", "PROMOTIONAL", -300L),
              tuple("EXPIRY", "PROMOTIONAL", -300L)); // lapsed unused
      assertThat(movements)
          .extracting(BalanceMovementRecord::getMovementId)
          .doesNotHaveDuplicates();

      List<PromotionTriggerRecord> triggers =
          TopicSnapshot.read(
              kafka.bootstrapServers(),
              Map.of(),
              config.triggersTopic(),
              PromotionTriggerRecord.class,
              Duration.ofSeconds(30));
      assertThat(triggers)
          .extracting(PromotionTriggerRecord::getKind)
          .containsOnlyOnce("GRANT_EXPIRING")
          .filteredOn("PROMOTION_GRANT"::equals)
          .hasSize(2);
      assertThat(triggers).extracting(PromotionTriggerRecord::getTriggerId).doesNotHaveDuplicates();

      BalanceView last =
          PipelineFixture.await(
                  kafka,
                  config.balancesTopic(),
                  BalanceView.class,
                  v ->
                      !v.isEmpty()
                          && v.get(v.size() - 1).getGrants().stream()
                              .noneMatch(g -> g.getGrantId().equals("g-exp")))
              .stream()
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(last.getPrepaidMinor()).isEqualTo(6000L);
      assertThat(last.getPromotionalMinor()).isEqualTo(300L); // 1.00 bonus + 2.00 welcome left
    } finally {
      JobWatch.stop(job);
    }
  }

  private static BalanceCommand command(
      String id, BalanceCommandType type, long amount, Instant at) {
    return BalanceCommand.newBuilder()
        .setCommandId(id)
        .setAccountId("W")
        .setType(type)
        .setAmountMinor(amount)
        .setCurrency("EUR")
        .setIssuedAt(at)
        .build();
  }

  @SafeVarargs
  private static <T extends SpecificRecordBase> void send(
      String topic, Class<T> type, String key, T... records) {
    AvroCodec<T> codec = AvroCodec.of(type);
    try (KafkaProducer<byte[], byte[]> p = Producers.bulk(kafka.bootstrapServers(), Map.of())) {
      for (T r : records) {
        p.send(new ProducerRecord<>(topic, Producers.bytes(key), codec.encode(r)));
      }
      p.flush();
    }
  }
}
