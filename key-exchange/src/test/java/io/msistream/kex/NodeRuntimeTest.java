package io.msistream.kex;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.kex.testing.Clients;
import io.msistream.kex.testing.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(LocalKafkaBrokerExtension.class)
class KeyExchangeIT {
  private static final Logger LOG = LoggerFactory.getLogger(KeyExchangeIT.class);

  @Test
  void javaProducerToJavaConsumerInSeparateRuntimes(LocalKafkaBroker broker, @TempDir Path dir)
      throws Exception {
    String tag = TestNodes.tag();
    String topic = "openmsitest.data_" + tag;
    Path prodCfg = TestNodes.copy(dir, "oms_producer", tag);
    Path consCfg = TestNodes.copy(dir, "oms_consumer", tag);
    try (KafkaProducer<Object, Object> producer = Clients.producer(broker.bootstrapServers(), prodCfg)) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, 0, "key" + i, "value" + i)).get();
      }
      long t0 = System.nanoTime();
      DecryptionWaiter waiter = DecryptionWaiter.create();
      try (KafkaConsumer<CryptoMessage<String>, CryptoMessage<String>> consumer =
          Clients.consumer(broker.bootstrapServers(), consCfg)) {
        List<ConsumerRecord<CryptoMessage<String>, CryptoMessage<String>>> records =
            Clients.read(consumer, topic, 3, Duration.ofSeconds(30));
        assertThat(records.get(0).value().isPossiblyDecryptable()).isTrue();
        CryptoMessage<String> first = waiter.await(records.get(0).value());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("consumer start to first decrypted record: {} ms", ms);
        assertThat(first.cleartext()).contains("value0");
        for (int i = 0; i < 3; i++) {
          assertThat(waiter.await(records.get(i).key()).cleartext()).contains("key" + i);
          assertThat(waiter.await(records.get(i).value()).cleartext()).contains("value" + i);
        }
        assertThat(waiter.hadTimeout()).isFalse();
      }
    }
  }
}
