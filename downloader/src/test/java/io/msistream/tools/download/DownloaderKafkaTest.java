package io.msistream.tools.download;

import static io.msistream.tools.download.KafkaTestSupport.await;
import static io.msistream.tools.download.KafkaTestSupport.committed;
import static io.msistream.tools.download.KafkaTestSupport.createTopic;
import static io.msistream.tools.download.KafkaTestSupport.downloader;
import static io.msistream.tools.download.KafkaTestSupport.hasContent;
import static io.msistream.tools.download.KafkaTestSupport.producer;
import static io.msistream.tools.download.KafkaTestSupport.record;
import static io.msistream.tools.download.KafkaTestSupport.send;
import static io.msistream.tools.download.KafkaTestSupport.sendRaw;
import static io.msistream.tools.download.KafkaTestSupport.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.broker.LocalKafkaBroker;
import io.msistream.broker.junit.LocalKafkaBrokerExtension;
import io.msistream.stream.chunk.ChunkEncoder;
import io.msistream.stream.chunk.DataFileChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalKafkaBrokerExtension.class)
class DownloaderKafkaTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int CHUNK = 16 * 1024;

  @TempDir Path src;
  @TempDir Path tmp;

  private static String group() {
    return "g-" + UUID.randomUUID();
  }

  @Test
  void restartInTheMiddleOfAFileWithTheSameGroupCompletesIt(LocalKafkaBroker broker)
      throws Exception {
    String topic = createTopic(broker, "restart", 1);
    Path out = tmp.resolve("out");
    byte[] content = TestFiles.randomBytes(1, 20 * CHUNK + 3);
    List<DataFileChunk> chunks = TestFiles.chunksOf(src, "sub/big.bin", content, CHUNK,
        OptionalDouble.of(1e9));
    String group = group();
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, chunks.subList(0, 10));
      Downloader d = downloader(broker, out, topic, group, 1, Optional.empty());
      try {
        await(WAIT, "the first 10 chunks to be committed",
            () -> sumQuietly(broker, group, topic) == 10);
      } finally {
        d.close();
      }
      assertThat(out.resolve("sub/big.bin")).doesNotExist();
      send(p, topic, chunks.subList(10, chunks.size()));
    }
    // the first 10 chunks are committed and will never be delivered again
    Downloader d2 = downloader(broker, out, topic, group, 1, Optional.empty());
    try {
      await(WAIT, "the file", () -> hasContent(out.resolve("sub/big.bin"), content));
      assertThat(d2.stats().messagesRead.get()).isEqualTo(chunks.size() - 10);
      await(WAIT, "all offsets committed", () -> sumQuietly(broker, group, topic) == 21);
    } finally {
      d2.close();
    }
  }

  @Test
  void duplicatedAndReorderedChunksOnSeveralPartitions(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "dups", 3);
    Path out = tmp.resolve("out");
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<DataFileChunk> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String rel = (i % 2 == 0 ? "" : "d" + i + "/") + "file" + i + ".dat";
      byte[] content = TestFiles.randomBytes(10 + i, 7 * CHUNK + i * 100);
      files.put(rel, content);
      List<DataFileChunk> c = TestFiles.chunksOf(src, rel, content, CHUNK, OptionalDouble.empty());
      all.addAll(c);
      all.addAll(c.subList(0, 3)); // duplicates
    }
    Collections.shuffle(all, new Random(3));
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      Random rnd = new Random(4);
      for (DataFileChunk c : all) {
        p.send(record(topic, rnd.nextInt(3), c));
      }
      p.flush();
    }
    String group = group();
    Downloader d = downloader(broker, out, topic, group, 2, Optional.empty());
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        await(WAIT, e.getKey(), () -> hasContent(out.resolve(e.getKey()), e.getValue()));
      }
      await(WAIT, "all offsets committed", () -> sumQuietly(broker, group, topic) == all.size());
      assertThat(d.stats().filesCompleted.get()).isEqualTo(4);
      assertThat(d.stats().messagesProcessed.get()).isEqualTo(all.size());
    } finally {
      d.close();
    }
  }

  @Test
  void aFileUploadedTwiceWithDifferentContentEndsAsTheNewerOne(LocalKafkaBroker broker)
      throws Exception {
    String topic = createTopic(broker, "generations", 1);
    Path out = tmp.resolve("out");
    byte[] v1 = TestFiles.randomBytes(21, 6 * CHUNK);
    byte[] v2 = TestFiles.randomBytes(22, 9 * CHUNK + 1);
    List<DataFileChunk> g1 = TestFiles.chunksOf(src, "g/x.bin", v1, CHUNK, OptionalDouble.of(10));
    List<DataFileChunk> g2 = TestFiles.chunksOf(src, "g/x.bin", v2, CHUNK, OptionalDouble.of(20));
    List<DataFileChunk> interleaved = new ArrayList<>();
    interleaved.addAll(g1.subList(0, 3));
    interleaved.add(g2.get(4)); // resets; must be written, not lost
    interleaved.addAll(g1.subList(3, 6)); // stale now
    for (int i = 0; i < g2.size(); i++) {
      if (i != 4) {
        interleaved.add(g2.get(i));
      }
    }
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, interleaved);
    }
    Downloader d = downloader(broker, out, topic, group(), 1, Optional.empty());
    try {
      await(WAIT, "generation 2", () -> hasContent(out.resolve("g/x.bin"), v2));
      await(WAIT, "the completion to be counted", () -> d.stats().filesCompleted.get() == 1);
      assertThat(d.stats().generationResets.get()).isEqualTo(1);
    } finally {
      d.close();
    }
  }

  @Test
  void hostilePathsAndUnusableRecordsAreKeptAsideAndCommittedPast(LocalKafkaBroker broker)
      throws Exception {
    String topic = createTopic(broker, "hostile", 1);
    Path out = tmp.resolve("box").resolve("out");
    String marker = "msistream-h6-" + UUID.randomUUID();
    byte[] evil = ("pwned " + marker).getBytes(StandardCharsets.UTF_8);
    DataFileChunk proto = TestFiles.chunksOf(src, "p.txt", evil, CHUNK, OptionalDouble.empty())
        .get(0);
    List<byte[]> bad = new ArrayList<>();
    for (String[] loc : new String[][] {
        {"/tmp", marker}, {"..", marker}, {"../../..", marker}, {"", "../" + marker},
        {"a/../..", marker}, {"", marker + "/x"}, {WorkDir.NAME + "/partial", marker},
        {"ENCRYPTED_MESSAGES", marker}, {"", "REJECTED_FILES"}, {"C:", marker}}) {
      bad.add(ChunkEncoder.encode(DataFileChunk.of(loc[1], proto.fileHash(), proto.chunkHash(),
          0, 1, 1, loc[0], "", proto.dataBytes(), 0, proto.dataLength(), OptionalDouble.empty())));
    }
    bad.add(new byte[] {(byte) 0xc1, 1, 2}); // not msgpack
    bad.add("just some text".getBytes(StandardCharsets.UTF_8));
    byte[] tampered = ChunkEncoder.encode(proto);
    tampered[tampered.length - 12] ^= 1; // data no longer matches chunk_hash
    bad.add(tampered);
    bad.add(null); // no value at all
    byte[] good = TestFiles.randomBytes(5, 3 * CHUNK);
    List<DataFileChunk> goodChunks = TestFiles.chunksOf(src, "ok/good.bin", good, CHUNK,
        OptionalDouble.empty());
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, goodChunks.subList(0, 1));
      for (byte[] b : bad) {
        sendRaw(p, topic, 0, "k".getBytes(StandardCharsets.UTF_8), b);
      }
      send(p, topic, goodChunks.subList(1, 3));
    }
    int total = bad.size() + 3;
    String group = group();
    Downloader d = downloader(broker, out, topic, group, 1, Optional.empty());
    try {
      await(WAIT, "the good file", () -> hasContent(out.resolve("ok/good.bin"), good));
      await(WAIT, "everything committed", () -> sumQuietly(broker, group, topic) == total);
      assertThat(d.stats().rejected.get()).isEqualTo(bad.size());
    } finally {
      d.close();
    }
    Path rejected = out.resolve(RecordKeeper.REJECTED_MESSAGES);
    try (Stream<Path> s = Files.list(rejected)) {
      assertThat(s.filter(f -> f.toString().endsWith("_value.bin")).count())
          .isEqualTo(bad.size());
    }
    // nothing was written outside the output directory, nor into reserved places
    try (Stream<Path> s = Files.walk(tmp)) {
      List<Path> named = s.filter(f -> f.getFileName().toString().contains(marker)).toList();
      assertThat(named).isEmpty();
    }
    assertThat(Path.of("/tmp", marker)).doesNotExist();
    assertThat(out.resolve(RecordKeeper.ENCRYPTED_MESSAGES)).doesNotExist();
    assertThat(out.resolve(Reassembler.REJECTED_FILES)).doesNotExist();
    // the tampered record's bytes are kept exactly
    try (Stream<Path> s = Files.list(rejected)) {
      List<byte[]> kept = s.filter(f -> f.toString().endsWith("_value.bin"))
          .map(f -> {
            try {
              return Files.readAllBytes(f);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
      assertThat(kept).anySatisfy(k -> assertThat(k).isEqualTo(tampered));
    }
  }

  @Test
  void downloadRegexSelectsFilesAndCommitsPastTheOthers(LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "regex", 2);
    Path out = tmp.resolve("out");
    byte[] a = TestFiles.randomBytes(31, 2 * CHUNK);
    byte[] b = TestFiles.randomBytes(32, 2 * CHUNK);
    List<DataFileChunk> ca = TestFiles.chunksOf(src, "keep/a.bin", a, CHUNK, OptionalDouble.empty());
    List<DataFileChunk> cb = TestFiles.chunksOf(src, "skip/b.bin", b, CHUNK, OptionalDouble.empty());
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, cb);
      send(p, topic, ca);
    }
    String group = group();
    Downloader d = downloader(broker, out, topic, group, 1, Optional.of(Pattern.compile("keep/")));
    try {
      await(WAIT, "a.bin", () -> hasContent(out.resolve("keep/a.bin"), a));
      await(WAIT, "everything committed", () -> sumQuietly(broker, group, topic) == 4);
      assertThat(out.resolve("skip")).doesNotExist();
      assertThat(d.stats().messagesProcessed.get()).isEqualTo(2);
    } finally {
      d.close();
    }
  }

  @Test
  void twoInstancesInOneGroupOnAMultiPartitionTopicReconstructEverything(LocalKafkaBroker broker)
      throws Exception {
    String topic = createTopic(broker, "two", 4);
    Path out = tmp.resolve("shared");
    String group = group();
    Downloader d1 = downloader(broker, out, topic, group, 1, Optional.empty());
    Downloader d2 = downloader(broker, out, topic, group, 2, Optional.empty());
    try {
      await(WAIT, "three members in the group", () -> members(broker, group) == 3);
      Map<String, byte[]> files = new LinkedHashMap<>();
      try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
        for (int i = 0; i < 6; i++) {
          String rel = "s" + (i % 3) + "/f" + i + ".bin";
          byte[] content = TestFiles.randomBytes(40 + i, 12 * CHUNK + 7 * i);
          files.put(rel, content);
          // the client's default partitioner spreads one file's chunks over all partitions
          send(p, topic, TestFiles.chunksOf(src, rel, content, CHUNK, OptionalDouble.empty()));
        }
      }
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        await(WAIT, e.getKey(), () -> hasContent(out.resolve(e.getKey()), e.getValue()));
      }
      assertThat(d1.stats().messagesRead.get()).isPositive();
      assertThat(d2.stats().messagesRead.get()).isPositive();
      await(WAIT, "every completion counted once", () -> d1.stats().filesCompleted.get()
          + d2.stats().filesCompleted.get() == files.size());
    } finally {
      d1.close();
      d2.close();
    }
    try (Stream<Path> s = Files.list(out.resolve(WorkDir.NAME).resolve("partial"))) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void aFailedCommitRestartsTheConsumerFromTheCommittedOffsetsAndNothingIsLost(
      LocalKafkaBroker broker) throws Exception {
    String topic = createTopic(broker, "commitfail", 1);
    Path out = tmp.resolve("out");
    byte[] content = TestFiles.randomBytes(51, 30 * CHUNK + 9);
    List<DataFileChunk> chunks = TestFiles.chunksOf(src, "c/f.bin", content, CHUNK,
        OptionalDouble.empty());
    String group = group();
    java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(3);
    java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
    Map<String, Object> props = KafkaTestSupport.consumerProps(broker, group);
    ConsumerWorker.ConsumerSource<byte[], java.nio.ByteBuffer> source = id -> {
      sessions.incrementAndGet();
      return new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], java.nio.ByteBuffer>(
          props, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
          new org.apache.kafka.common.serialization.ByteBufferDeserializer()) {
        @Override
        public void commitSync(Map<org.apache.kafka.common.TopicPartition,
            org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets) {
          if (failures.getAndDecrement() > 0) {
            throw new org.apache.kafka.common.errors.TimeoutException("simulated commit failure");
          }
          super.commitSync(offsets);
        }
      };
    };
    try (KafkaProducer<byte[], byte[]> p = producer(broker)) {
      send(p, topic, chunks);
    }
    Downloader d = Downloader.start(out, topic, 1, Optional.empty(), source, RecordOpener.plain(),
        new ConsumerWorker.Settings(Duration.ofMillis(100), Duration.ofMillis(50), 3 * CHUNK,
            Duration.ofSeconds(60), Duration.ofMillis(100)));
    try {
      await(WAIT, "the file", () -> hasContent(out.resolve("c/f.bin"), content));
      await(WAIT, "all committed", () -> sumQuietly(broker, group, topic) == chunks.size());
      assertThat(sessions.get()).isGreaterThanOrEqualTo(3); // one failure hits the revocation at close
      assertThat(d.stats().messagesRead.get()).isGreaterThan(chunks.size());
      assertThat(d.stats().bytesWritten.get()).isEqualTo(content.length);
    } finally {
      d.close();
    }
  }

  private static int members(LocalKafkaBroker broker, String group) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
          .get(group).members().size();
    } catch (Exception e) {
      return -1;
    }
  }

  static long sumQuietly(LocalKafkaBroker broker, String group, String topic) {
    try {
      return sum(committed(broker, group, topic));
    } catch (Exception e) {
      return -1;
    }
  }
}
