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
 * isolation.level=read_committed}, so records of open or aborted transactions (a failed checkpoint,
 * a crash) are never printed; consumes without a group, so it commits nothing and disturbs no
 * consumer.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the job's committed output as JSON Lines.",
      "TOPIC: charges, rejected-events, triggers, balances, erp-gl-export (daily GL summaries),",
      "erp-gl-detail (one entry per charge, if ledger.detail-entries) or erp-gl-corrections. Charges",
      "and rejected events are printed as 'rate' writes them. Starts with the last",
      "--last records of each partition (all with --from-beginning) and stops at the",
      "end seen at start; --follow keeps printing new records until Ctrl-C."
    })
public final class TailCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "TOPIC",
      description =
          "charges, rejected-events, triggers, balances, erp-gl-export, erp-gl-detail or erp-gl-corrections.")
  String what;

  @Mixin KafkaConnection connection = new KafkaConnection();

  @Option(
      names = "--topic",
      description = "The topic's name (default: from --config, or the job's default name).")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the first record still on the topic.")
  boolean fromBeginning;

  @Option(
      names = "--last",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Without --from-beginning, start with the last N committed records of each partition (default ${DEFAULT-VALUE}).")
  int last;

  @Option(names = "--follow", description = "Keep printing new committed records until Ctrl-C.")
  boolean follow;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N records.")
  Integer limit;

  @Spec CommandSpec spec;

  /**
   * Prints records as JSON lines, up to the limit; a record that does not decode is named on
   * stderr.
   */
  private final class Printer {
    final OutputKind kind;
    final long max = limit == null ? Long.MAX_VALUE : limit;
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    long printed;
    long undecodable;

    Printer(OutputKind kind) {
      this.kind = kind;
    }

    boolean full() {
      return printed >= max;
    }

    void print(ConsumerRecord<byte[], byte[]> r) {
      if (full()) {
        return;
      }
      try {
        out.println(kind.line(r.value()));
        printed++;
      } catch (Exception e) {
        undecodable++;
        err.println(
            r.topic()
                + ":"
                + r.partition()
                + ":"
                + r.offset()
                + ": not a "
                + kind.label
                + " record: "
                + e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    OutputKind kind = OutputKind.named(what);
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be 1 or more, got " + limit);
    }
    if (last < 0) {
      throw new IllegalArgumentException("--last must be 0 or more, got " + last);
    }
    RatingConfig config = connection.rating();
    String target = topic != null ? topic : kind.topic.apply(config);
    Map<String, String> settings = connection.clientSettings(config);
    TopicCheck.partitions(settings, target);
    Map<String, Object> consumerSettings = new HashMap<>(settings);
    consumerSettings.put("isolation.level", "read_committed");
    consumerSettings.put("enable.auto.commit", "false");
    consumerSettings.remove("group.id"); // assign(), no group: reading commits nothing
    consumerSettings.putIfAbsent("client.id", "rateflow-tail");
    Printer printer = new Printer(kind);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(target, Duration.ofSeconds(TopicCheck.SECONDS)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      // read_committed: the last stable offsets; nothing of an open transaction lies below them
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      if (fromBeginning) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      } else {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        for (TopicPartition p : partitions) {
          lastCommitted(consumer, p, begin.get(p), end.get(p)).forEach(printer::print);
        }
        consumer.assign(partitions);
        partitions.forEach(p -> consumer.seek(p, end.get(p)));
      }
      read(consumer, end, printer);
    }
    printer.out.flush();
    return printer.undecodable == 0 ? 0 : 1;
  }

  /** Reads to {@code end}, or with --follow until Ctrl-C, or until the limit. */
  private void read(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Printer printer) {
    CountDownLatch closed = new CountDownLatch(1);
    Thread stop =
        new Thread(
            () -> {
              consumer.wakeup();
              try {
                closed.await(); // let the lines read so far reach the terminal
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "rateflow-tail-stop");
    if (follow) {
      Runtime.getRuntime().addShutdownHook(stop);
    }
    try {
      while (!printer.full() && (follow || !reachedEnd(consumer, end))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (follow || r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            printer.print(r);
          }
        }
        printer.out.flush();
      }
    } catch (WakeupException e) {
      // Ctrl-C while following
    } finally {
      printer.out.flush();
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

  /**
   * The last {@code --last} committed records of one partition below {@code end}. Offsets are not a
   * count under transactions (commit markers and aborted records take offsets too), so it steps
   * back further, four times as far each round, until it has them or reaches the beginning.
   */
  private List<ConsumerRecord<byte[], byte[]>> lastCommitted(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition p, long begin, long end) {
    if (last == 0 || end <= begin) {
      return List.of();
    }
    consumer.assign(List.of(p));
    long back = last;
    while (true) {
      long start = Math.max(begin, end - back);
      consumer.seek(p, start);
      java.util.ArrayDeque<ConsumerRecord<byte[], byte[]>> kept = new java.util.ArrayDeque<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(TopicCheck.SECONDS).toNanos();
      while (consumer.position(p) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalArgumentException(
              "reading "
                  + p
                  + " did not reach offset "
                  + end
                  + " within "
                  + TopicCheck.SECONDS
                  + " s; is the broker still there?");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end) {
            kept.addLast(r);
            if (kept.size() > last) {
              kept.removeFirst();
            }
          }
        }
      }
      if (kept.size() >= last || start == begin) {
        return List.copyOf(kept);
      }
      back = back > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : back * 4;
    }
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
