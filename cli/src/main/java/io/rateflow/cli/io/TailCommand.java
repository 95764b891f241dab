package io.rateflow.cli.io;

import io.rateflow.job.RatingConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./rateflow tail TOPIC}: the job's committed output as JSON Lines. Reads with {@code
 * isolation.level=read_committed}, so records of open or aborted transactions (a failed
 * checkpoint, a crash) are never printed; consumes without a group, so it commits nothing and
 * disturbs no consumer.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {"Prints the job's committed output as JSON Lines.",
        "TOPIC is charges, rejected-events, triggers, balances or erp-gl-export; charges and rejected events are printed",
        "as 'rate' writes them. Without --follow it stops at the end it saw at start; without --from-beginning it",
        "starts --limit (default 10) records before the end of each partition."})
public final class TailCommand implements Callable<Integer> {
  static final int DEFAULT_LAST = 10;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "charges, rejected-events, triggers, balances or erp-gl-export.")
  String what;

  @Mixin
  KafkaConnection connection = new KafkaConnection();

  @Option(names = "--topic", description = "The topic's name (default: from --config, or the job's default name).")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the first record still on the topic.")
  boolean fromBeginning;

  @Option(names = "--follow", description = "Keep printing new committed records until Ctrl-C.")
  boolean follow;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N records.")
  Integer limit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    OutputKind kind = OutputKind.named(what);
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be 1 or more, got " + limit);
    }
    RatingConfig config = connection.rating();
    String target = topic != null ? topic : kind.topic.apply(config);
    Map<String, String> settings = connection.clientSettings(config);
    TopicCheck.partitions(settings, target);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> consumerSettings = new HashMap<>(settings);
    consumerSettings.put("isolation.level", "read_committed");
    consumerSettings.put("enable.auto.commit", "false");
    consumerSettings.remove("group.id"); // assign(), no group: reading commits nothing
    consumerSettings.putIfAbsent("client.id", "rateflow-tail");
    long max = limit == null ? Long.MAX_VALUE : limit;
    long printed = 0;
    long undecodable = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(target, Duration.ofSeconds(TopicCheck.SECONDS)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
      consumer.assign(partitions);
      // read_committed: the last stable offsets; nothing of an open transaction lies below them
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        int back = limit == null ? DEFAULT_LAST : limit;
        partitions.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - back)));
      }
      CountDownLatch closed = new CountDownLatch(1);
      Thread stop = new Thread(() -> {
        consumer.wakeup();
        try {
          closed.await(); // let the lines read so far reach the terminal
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "rateflow-tail-stop");
      if (follow) {
        Runtime.getRuntime().addShutdownHook(stop);
      }
      try {
        while (printed < max && (follow || !reachedEnd(consumer, end))) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (printed >= max || (!follow && r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())))) {
              continue;
            }
            try {
              out.println(kind.line(r.value()));
              printed++;
            } catch (Exception e) {
              undecodable++;
              err.println(r.topic() + ":" + r.partition() + ":" + r.offset() + ": not a " + kind.label + " record: "
                  + e.getMessage());
            }
          }
          out.flush();
        }
      } catch (WakeupException e) {
        // Ctrl-C while following
      } finally {
        out.flush();
        closed.countDown();
      }
      if (follow) {
        try {
          Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
    }
    return undecodable == 0 ? 0 : 1;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
