package io.rateflow.cli.io;

import io.rateflow.cli.run.Producers;
import io.rateflow.cli.run.Progress;
import io.rateflow.job.RatingConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./rateflow send KIND FILE}: a user's JSON Lines onto the job's input topic. Every line is
 * checked before the first record is sent, so a bad file never leaves half of itself on the topic.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes accounts, events, balance commands or estimate requests from a file.",
      "JSON Lines in the shapes 'rate' reads (docs/json-lines.md), to the job's input",
      "topic, keyed by account. Every line is checked first: one bad line and nothing",
      "is sent, unless --skip-bad."
    })
public final class SendCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "KIND",
      description = "accounts, events, commands or estimates.")
  InputKind kind;

  @Parameters(index = "1", paramLabel = "FILE", description = "The JSON Lines file.")
  Path file;

  @Mixin KafkaConnection connection = new KafkaConnection();

  @Option(
      names = "--topic",
      description = "The topic (default: the job's topic for KIND, from --config or the defaults).")
  String topic;

  @Option(
      names = "--skip-bad",
      description = "Send the good lines and list the bad ones, instead of refusing the file.")
  boolean skipBad;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RatingConfig config = connection.rating();
    String target = topic != null ? topic : kind.topic.apply(config);
    CheckedFile checked = CheckedFile.read(file, kind, Instant.now());
    if (!checked.bad().isEmpty()) {
      checked.bad().forEach(err::println);
      if (!skipBad) {
        err.printf(
            "rateflow send: %d of %d lines of %s are not valid %s; nothing sent. Fix them, or pass --skip-bad to send the %d good ones.%n",
            checked.bad().size(),
            checked.bad().size() + checked.good().size(),
            file,
            kind.label,
            checked.good().size());
        err.flush();
        return 2;
      }
    }
    Map<String, String> settings = connection.clientSettings(config);
    TopicCheck.partitions(settings, target);
    long sent = send(checked, target, settings);
    out.printf(
        "sent %,d %s to %s%s%n",
        sent,
        kind.label,
        target,
        checked.bad().isEmpty()
            ? ""
            : "; "
                + checked.bad().size()
                + (checked.bad().size() == 1 ? " bad line" : " bad lines")
                + " skipped (listed above)");
    out.flush();
    return 0;
  }

  private long send(CheckedFile checked, String target, Map<String, String> settings) {
    Map<String, String> producerSettings = new HashMap<>(settings);
    producerSettings.remove("bootstrap.servers");
    // retries never duplicate or reorder a record: the job de-duplicates events, but not everything
    producerSettings.put("enable.idempotence", "true");
    producerSettings.put("acks", "all");
    producerSettings.putIfAbsent("client.id", "rateflow-send");
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Progress progress = new Progress("sending " + kind.label, checked.good().size(), System.err);
    try (KafkaProducer<byte[], byte[]> producer =
        Producers.bulk(settings.get("bootstrap.servers"), producerSettings)) {
      long done = 0;
      for (CheckedFile.Good g : checked.good()) {
        if (failure.get() != null) {
          break;
        }
        producer.send(
            new ProducerRecord<>(target, g.key().getBytes(StandardCharsets.UTF_8), g.value()),
            (meta, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                acked.incrementAndGet();
              }
            });
        if (++done % 1000 == 0) {
          progress.update(done);
        }
      }
      producer.flush();
      progress.update(acked.get());
      progress.finish();
    }
    if (failure.get() != null) {
      throw new IllegalArgumentException(
          "sending to "
              + target
              + " failed after "
              + acked.get()
              + " of "
              + checked.good().size()
              + " records: "
              + failure.get().getMessage()
              + ". The records acknowledged before it are on the topic; sending the file again is safe for accounts (latest"
              + " wins), events and commands (the job de-duplicates their ids); estimate requests would be answered twice");
    }
    return acked.get();
  }
}
