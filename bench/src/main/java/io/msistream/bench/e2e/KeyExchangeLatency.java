package io.msistream.bench.e2e;

import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.kex.NodeRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Key-exchange latency as a consumer sees it: from starting a fresh consumer node runtime to the
 * first record it decrypts, with the producer's runtime live on the same broker. The record's
 * bytes are handed over directly, so the figure is the exchange itself (topic checks, request,
 * the producer's answer, opening it), not a data-topic fetch.
 */
final class KeyExchangeLatency {
  private KeyExchangeLatency() {}

  /** Seconds per repetition. */
  static List<Double> measure(Path producerNode, Path consumerNode, String bootstrap, String topic,
      int repetitions) throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
    List<Double> out = new ArrayList<>();
    try (NodeRuntime producer = NodeRuntime.builder(producerNode).kafkaProperties(kafka).start()) {
      byte[] wire = producer.encrypt(topic, Context.VALUE,
          "first record".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < repetitions; i++) {
        long t0 = System.nanoTime();
        try (NodeRuntime consumer = NodeRuntime.builder(consumerNode).kafkaProperties(kafka)
            .start()) {
          DecodeResult r = consumer.decrypt(topic, Context.VALUE, wire);
          if (r instanceof DecodeResult.PossiblyDecryptable p) {
            consumer.keyArrival(p.root(), p.keyIndex()).get(60, TimeUnit.SECONDS);
            r = consumer.decrypt(topic, Context.VALUE, wire);
          }
          if (!(r instanceof DecodeResult.Cleartext)) {
            throw new IllegalStateException("the consumer could not decrypt: " + r);
          }
          out.add((System.nanoTime() - t0) / 1e9);
        }
      }
    }
    return out;
  }
}
