package io.rateflow.cli.bench;

import io.rateflow.cli.demo.TrafficGenerator;
import io.rateflow.cli.run.Producers;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends events at a fixed rate from its own thread, on schedule rather than as fast as it can:
 * event {@code i} is due {@code i / rate} seconds after the start, so a stall is caught up instead
 * of lowering the offered rate. Each record's Kafka timestamp is its send time, the "ingested" time
 * of the latency figures.
 */
final class PacedProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final CleanTraffic traffic;
  private final String topic;
  private final double ratePerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long startNanos;
  private volatile long stopNanos;

  PacedProducer(String bootstrapServers, String topic, CleanTraffic traffic, double ratePerSecond) {
    // A short linger: the batching delay is part of what a real producer adds, but keep it small.
    this.producer = Producers.bulk(bootstrapServers, Map.of("linger.ms", "5"));
    this.traffic = traffic;
    this.topic = topic;
    this.ratePerSecond = ratePerSecond;
    this.thread = new Thread(this::run, "bench-paced-producer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    startNanos = System.nanoTime();
    while (running) {
      long due = (long) ((System.nanoTime() - startNanos) / 1e9 * ratePerSecond);
      while (sent.get() < due && running) {
        TrafficGenerator.Record r = traffic.next();
        producer.send(
            new ProducerRecord<>(
                topic, null, System.currentTimeMillis(), Producers.bytes(r.key()), r.value()));
        sent.incrementAndGet();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    producer.flush();
    stopNanos = System.nanoTime();
  }

  /** Stops sending, flushes and returns how many events were sent in all. */
  long stop() throws InterruptedException {
    running = false;
    thread.join();
    return sent.get();
  }

  long sent() {
    return sent.get();
  }

  /** The rate actually achieved from start to stop. */
  double achievedRate() {
    long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
    return sent.get() / ((end - startNanos) / 1e9);
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
    producer.close();
  }
}
