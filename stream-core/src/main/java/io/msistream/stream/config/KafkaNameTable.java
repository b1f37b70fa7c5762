package io.msistream.stream.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of how librdkafka option names (what OpenMSIStream config files use) become Java
 * Kafka client properties (spec §9.2). Names not listed here pass through unchanged when the Java
 * client knows them (e.g. {@code bootstrap.servers}, {@code batch.size}, {@code linger.ms},
 * {@code enable.auto.commit}) and are dropped, with a DEBUG line, when it does not; values are then
 * converted to the Java property's type ({@code True}/{@code False} booleans, {@code 2000000.0}
 * for an int). {@link KafkaProperties} applies it.
 */
public final class KafkaNameTable {
  private KafkaNameTable() {}

  /** What a row does. */
  public enum Kind {
    /** Same meaning under another Java name. */
    RENAME,
    /** Kibibytes → bytes under another Java name. */
    KIB_TO_BYTES,
    /** {@code sasl.username}/{@code sasl.password} → one {@code sasl.jaas.config} (PLAIN or SCRAM). */
    SASL_CREDENTIAL,
    /** A PEM CA file → {@code ssl.truststore.type=PEM} + {@code ssl.truststore.location}. */
    SSL_CA_LOCATION,
    /** Inline PEM CA certificates → {@code ssl.truststore.certificates} (type PEM). */
    SSL_CA_PEM,
    /** A PEM client certificate/key file → its content in the PEM keystore properties. */
    SSL_CLIENT_PEM_FILE,
    /** Inline PEM client certificate/key → the PEM keystore properties. */
    SSL_CLIENT_PEM,
    /** librdkafka's PKCS#12 keystore → {@code ssl.keystore.location} with type PKCS12. */
    SSL_KEYSTORE_PKCS12,
    /** {@code none} → empty string (no host name check); other values as is. */
    ENDPOINT_ALGORITHM,
    /** Upper-cased value ({@code sasl_ssl} → {@code SASL_SSL}). */
    UPPER_CASE,
    /** librdkafka synonyms → {@code earliest}/{@code latest}/{@code none}. */
    OFFSET_RESET,
    /** {@code create_new} → a random UUID. */
    GROUP_ID,
    /** OpenMSIStream (de)serializer names → Java classes. */
    SERDE,
    /** librdkafka assignor names → Java assignor classes. */
    ASSIGNOR,
    /** Never passed to the client. */
    DROP
  }

  /**
   * One row.
   *
   * @param name the librdkafka (config file) name
   * @param kind what happens
   * @param javaName the Java property written (null for DROP)
   * @param roles the clients the row applies to; for other clients the option is dropped
   * @param note why, for docs and DEBUG lines
   */
  public record Row(String name, Kind kind, String javaName, Set<ClientRole> roles, String note) {}

  private static final Set<ClientRole> ALL = EnumSet.allOf(ClientRole.class);
  private static final Set<ClientRole> PRODUCER = EnumSet.of(ClientRole.PRODUCER);
  private static final Set<ClientRole> CONSUMER = EnumSet.of(ClientRole.CONSUMER);

  private static final Map<String, Row> ROWS = build();

  private static Map<String, Row> build() {
    Map<String, Row> m = new LinkedHashMap<>();
    add(m, "sasl.username", Kind.SASL_CREDENTIAL, "sasl.jaas.config", ALL,
        "PlainLoginModule for PLAIN (the default when sasl.mechanism is absent), ScramLoginModule"
            + " for SCRAM-SHA-256/512");
    add(m, "sasl.password", Kind.SASL_CREDENTIAL, "sasl.jaas.config", ALL, "see sasl.username");
    add(m, "sasl.mechanisms", Kind.RENAME, "sasl.mechanism", ALL, "librdkafka alias");
    add(m, "sasl.mechanism", Kind.UPPER_CASE, "sasl.mechanism", ALL, "Java names are upper case");
    add(m, "security.protocol", Kind.UPPER_CASE, "security.protocol", ALL,
        "librdkafka accepts lower case");
    add(m, "ssl.ca.location", Kind.SSL_CA_LOCATION, "ssl.truststore.location", ALL,
        "PEM CA bundle; 'probe' means the system CAs, i.e. the JVM default truststore");
    add(m, "ssl.ca.pem", Kind.SSL_CA_PEM, "ssl.truststore.certificates", ALL, "inline PEM CAs");
    add(m, "ssl.certificate.location", Kind.SSL_CLIENT_PEM_FILE,
        "ssl.keystore.certificate.chain", ALL, "client certificate file, read into the property");
    add(m, "ssl.key.location", Kind.SSL_CLIENT_PEM_FILE, "ssl.keystore.key", ALL,
        "client private key file, read into the property");
    add(m, "ssl.certificate.pem", Kind.SSL_CLIENT_PEM, "ssl.keystore.certificate.chain", ALL,
        "inline client certificate");
    add(m, "ssl.key.pem", Kind.SSL_CLIENT_PEM, "ssl.keystore.key", ALL, "inline client key");
    add(m, "ssl.keystore.location", Kind.SSL_KEYSTORE_PKCS12, "ssl.keystore.location", ALL,
        "librdkafka keystores are PKCS#12");
    add(m, "ssl.endpoint.identification.algorithm", Kind.ENDPOINT_ALGORITHM,
        "ssl.endpoint.identification.algorithm", ALL, "'none' disables host name verification");
    add(m, "message.max.bytes", Kind.RENAME, "max.request.size", PRODUCER,
        "largest request the producer sends");
    add(m, "queue.buffering.max.kbytes", Kind.KIB_TO_BYTES, "buffer.memory", PRODUCER,
        "producer buffer, KiB → bytes");
    add(m, "queue.buffering.max.ms", Kind.RENAME, "linger.ms", PRODUCER, "librdkafka alias");
    add(m, "compression.codec", Kind.RENAME, "compression.type", PRODUCER, "librdkafka alias");
    add(m, "request.required.acks", Kind.RENAME, "acks", PRODUCER, "librdkafka alias");
    add(m, "message.send.max.retries", Kind.RENAME, "retries", PRODUCER, "librdkafka alias");
    add(m, "message.timeout.ms", Kind.RENAME, "delivery.timeout.ms", PRODUCER,
        "librdkafka alias");
    add(m, "fetch.wait.max.ms", Kind.RENAME, "fetch.max.wait.ms", CONSUMER, "same meaning");
    add(m, "fetch.message.max.bytes", Kind.RENAME, "max.partition.fetch.bytes", CONSUMER,
        "librdkafka alias");
    add(m, "topic.metadata.refresh.interval.ms", Kind.RENAME, "metadata.max.age.ms", ALL,
        "same meaning");
    add(m, "socket.receive.buffer.bytes", Kind.RENAME, "receive.buffer.bytes", ALL, "same meaning");
    add(m, "socket.send.buffer.bytes", Kind.RENAME, "send.buffer.bytes", ALL, "same meaning");
    add(m, "auto.offset.reset", Kind.OFFSET_RESET, "auto.offset.reset", CONSUMER,
        "smallest/beginning → earliest, largest/end → latest; none (and error) stay 'none': the"
            + " Java consumer then fails when the group has no committed offset");
    add(m, "group.id", Kind.GROUP_ID, "group.id", CONSUMER, "create_new → a random UUID");
    add(m, "key.serializer", Kind.SERDE, "key.serializer", PRODUCER, "name → Java class");
    add(m, "value.serializer", Kind.SERDE, "value.serializer", PRODUCER, "name → Java class");
    add(m, "key.deserializer", Kind.SERDE, "key.deserializer", CONSUMER, "name → Java class");
    add(m, "value.deserializer", Kind.SERDE, "value.deserializer", CONSUMER, "name → Java class");
    add(m, "partition.assignment.strategy", Kind.ASSIGNOR, "partition.assignment.strategy",
        CONSUMER, "range, roundrobin, cooperative-sticky → assignor classes");
    add(m, "node_id", Kind.DROP, null, ALL, "belongs to [kafkacrypto], never to a client");
    for (String name : new String[] {
        "queue.buffering.max.messages", "batch.num.messages", "socket.keepalive.enable",
        "statistics.interval.ms", "debug", "api.version.request", "broker.version.fallback",
        "log_level", "log.connection.close", "enable.partition.eof", "enable.auto.offset.store",
        "queued.min.messages", "queued.max.messages.kbytes", "socket.timeout.ms",
        "enable.ssl.certificate.verification", "sticky.partitioning.linger.ms"}) {
      add(m, name, Kind.DROP, null, ALL, "librdkafka-only, no Java client equivalent");
    }
    return Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, Row> m, String name, Kind kind, String javaName,
      Set<ClientRole> roles, String note) {
    m.put(name, new Row(name, kind, javaName, Collections.unmodifiableSet(EnumSet.copyOf(roles)),
        note));
  }

  /** Every row, in table order. */
  public static Map<String, Row> rows() {
    return ROWS;
  }

  /** The row for a config-file name, or null if the name passes through unchanged. */
  public static Row row(String name) {
    return ROWS.get(name);
  }

  /** OpenMSIStream (de)serializer names and the Java classes they become. */
  public static final Map<String, String> SERDE_CLASSES = Map.of(
      "StringSerializer", "org.apache.kafka.common.serialization.StringSerializer",
      "IntegerSerializer", "org.apache.kafka.common.serialization.IntegerSerializer",
      "DoubleSerializer", "org.apache.kafka.common.serialization.DoubleSerializer",
      "DataFileChunkSerializer", "io.msistream.stream.chunk.DataFileChunkSerializer",
      "StringDeserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "IntegerDeserializer", "org.apache.kafka.common.serialization.IntegerDeserializer",
      "DoubleDeserializer", "org.apache.kafka.common.serialization.DoubleDeserializer",
      "DataFileChunkDeserializer", "io.msistream.stream.chunk.DataFileChunkDeserializer");

  /** librdkafka assignor names and the Java classes they become. */
  public static final Map<String, String> ASSIGNOR_CLASSES = Map.of(
      "range", "org.apache.kafka.clients.consumer.RangeAssignor",
      "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor",
      "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
}
