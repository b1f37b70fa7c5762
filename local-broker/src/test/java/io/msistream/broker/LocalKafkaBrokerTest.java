package io.msistream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalKafkaBrokerExtension.class)
class LocalKafkaBrokerTest {

  @Test
  void producesAndConsumesAThousandRecords(LocalKafkaBroker broker) throws Exception {
    String topic = "smoke-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
      for (int i = 0; i < 1000; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
      producer.flush();
    }
    List<String> seen = consumeAll(broker.bootstrapServers(), topic, 1000);
    assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
    assertThat(Set.copyOf(seen)).contains("k0=v0", "k999=v999");
  }

  @Test
  void aPickedPortIsNeverOneThisBrokerAlreadyUses() throws Exception {
    // the OS may offer a port again once it is released: picking the client, controller and
    // SASL_SSL ports one after the other once gave two listeners the same port
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      int p = LocalKafkaBroker.freePort(used);
      assertThat(used).doesNotContain(p);
      used.add(p);
    }
  }

  @Test
  void aBrokerWithFixedPortsGetsAControllerPortOfItsOwn(@TempDir Path dir) throws Exception {
    int port = LocalKafkaBroker.freePort(Set.of());
    int sasl = LocalKafkaBroker.freePort(Set.of(port));
    try (LocalKafkaBroker b = LocalKafkaBroker.start(LocalKafkaBroker.options().port(port)
        .dataDir(dir).saslSsl(sasl, Map.of("u", "p")))) {
      assertThat(b.port()).isEqualTo(port);
      assertThat(b.saslSslBootstrapServers()).hasValue("127.0.0.1:" + sasl);
    }
  }

  @Test
  void dataSurvivesARestartWithTheSameFolder(@TempDir Path dir) throws Exception {
    String topic = "persist-" + UUID.randomUUID();
    try (LocalKafkaBroker b = LocalKafkaBroker.start(LocalKafkaBroker.options().dataDir(dir))) {
      try (KafkaProducer<String, String> producer = producer(b.bootstrapServers())) {
        producer.send(new ProducerRecord<>(topic, "a", "1")).get();
      }
    }
    try (LocalKafkaBroker b = LocalKafkaBroker.start(LocalKafkaBroker.options().dataDir(dir))) {
      assertThat(consumeAll(b.bootstrapServers(), topic, 1)).containsExactly("a=1");
    }
    assertThat(dir).isDirectory(); // a given folder is kept
  }

  @Test
  void aTakenPortIsATypedErrorAndNothingIsLeftRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int before = Thread.activeCount();
      assertThatThrownBy(() -> LocalKafkaBroker.start(LocalKafkaBroker.options().port(taken.getLocalPort())))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 1);
    }
  }

  @Test
  void aServerThatFailsWhileStartingIsShutDownAndTheErrorReachesTheCaller(@TempDir Path dir)
      throws Exception {
    // the client port is free (so the early check passes) but the controller's is taken: the
    // server itself fails to bind while starting, and Kafka's fault handler would halt the JVM
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int client = LocalKafkaBroker.freePort(Set.of(taken.getLocalPort()));
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      assertThatThrownBy(() -> LocalKafkaBroker.start(LocalKafkaBroker.options().port(client)
          .dataDir(dir)
          .set("listeners", "PLAINTEXT://127.0.0.1:" + client + ",CONTROLLER://127.0.0.1:"
              + taken.getLocalPort())
          .set("controller.quorum.voters", "1@127.0.0.1:" + taken.getLocalPort())))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining(Integer.toString(taken.getLocalPort()));
      // Kafka's shut-down threads (e.g. a quota manager's ThrottledChannelReaper) may take a
      // moment to end after the call returned: wait for them, bounded
      List<String> left = nonDaemonThreadsBut(before);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        left = nonDaemonThreadsBut(before);
      }
      assertThat(left).as("non-daemon threads left by the failed start").isEmpty();
    }
    // and the next start in this JVM works
    try (LocalKafkaBroker b = LocalKafkaBroker.start()) {
      assertThat(b.bootstrapServers()).startsWith("127.0.0.1:");
    }
  }

  /**
   * A port chosen as free can be taken by another process before Kafka binds it (e.g. as the
   * local port of a client connection): the start picks other ports and goes on; a port the
   * caller asked for is never replaced.
   */
  @Test
  void aChosenPortTakenBeforeKafkaBindsItIsChosenAgain() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger calls = new AtomicInteger();
      // the second port chosen (the controller's) is the taken one, the first time only
      LocalKafkaBroker.PortSource source = avoid -> calls.incrementAndGet() == 2
          ? taken.getLocalPort() : LocalKafkaBroker.freePort(avoid);
      try (LocalKafkaBroker b = LocalKafkaBroker.start(LocalKafkaBroker.options().ports(source))) {
        assertThat(b.port()).isNotEqualTo(taken.getLocalPort());
        assertThat(calls.get()).as("ports chosen over two starts").isEqualTo(4);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
          assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
      }
    }
  }

  private static List<String> nonDaemonThreadsBut(Set<Thread> before) {
    List<String> left = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t) && t.isAlive() && !t.isDaemon()) {
        left.add(t.getName());
      }
    }
    return left;
  }

  @Test
  void temporaryDataFolderIsDeletedOnClose() throws Exception {
    Path dir;
    try (LocalKafkaBroker b = LocalKafkaBroker.start()) {
      dir = b.dataDir();
      assertThat(dir).isDirectory();
    }
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void cliRefusesATakenPortWithExitCode2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      var err = new java.io.ByteArrayOutputStream();
      int rc = LocalKafkaBrokerMain.run(new String[] {"--port", Integer.toString(taken.getLocalPort())},
          new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err));
      assertThat(rc).isEqualTo(2);
      assertThat(err.toString()).contains("already in use").doesNotContain("\tat ");
      assertThat(err.toString().strip().lines()).hasSize(1);
    }
  }

  @Test
  void cliUsageErrorsExitWith2() {
    for (String[] args : new String[][] {{"--port", "x"}, {"--nope"}, {"extra"}, {"--port", "70000"}}) {
      var err = new java.io.ByteArrayOutputStream();
      int rc = LocalKafkaBrokerMain.run(args, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
          new java.io.PrintStream(err));
      assertThat(rc).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString().strip().lines()).hasSize(1);
    }
  }

  @Test
  void cliVersionPrintsTheProjectVersion() {
    var out = new java.io.ByteArrayOutputStream();
    int rc = LocalKafkaBrokerMain.run(new String[] {"--version"}, new java.io.PrintStream(out),
        new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
    assertThat(rc).isZero();
    assertThat(out.toString()).matches("LocalKafkaBroker \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> consumeAll(String bootstrap, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.key() + "=" + r.value());
        }
      }
    }
    return out;
  }
}
