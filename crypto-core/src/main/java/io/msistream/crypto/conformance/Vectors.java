package io.msistream.crypto.conformance;

import io.msistream.crypto.cert.SigningKey;
import io.msistream.crypto.json.JsonException;
import io.msistream.crypto.json.JsonValue;
import io.msistream.crypto.msgpack.Msgpack;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RootTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reading the conventions of a vector directory (see {@code shared/interop/README.md}). */
final class Vectors {
  private Vectors() {}

  static JsonValue read(Path dir, String file) throws IOException, JsonException, CheckFailure {
    return JsonValue.read(resolve(dir, file));
  }

  /** A path given relative to the directory; it may not lead outside it. */
  static Path resolve(Path dir, String relative) throws CheckFailure {
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(relative).normalize();
    if (!p.startsWith(base)) {
      throw new CheckFailure("'" + relative + "' leads outside the vector directory");
    }
    return p;
  }

  /** The bytes of {@code hexField} if present, else of the file named by {@code fileField}. */
  static byte[] bytes(Path dir, JsonValue obj, String hexField, String fileField)
      throws IOException, CheckFailure {
    if (obj.has(hexField)) {
      return obj.get(hexField).hex();
    }
    return Files.readAllBytes(resolve(dir, obj.get(fileField).str()));
  }

  /**
   * The topic separator of node {@code nodeId} ({@code [N] topic_separator} of
   * {@code nodes/<id>/<id>.config}), which decides the root of a topic the node produces or
   * consumes; the default {@code .} when the field is null or the set has no such node folder.
   */
  static String separator(Path dir, JsonValue nodeId) throws CheckFailure, NodeFileException {
    if (nodeId.isNull()) {
      return RootTopic.DEFAULT_SEPARATOR;
    }
    String id = nodeId.str();
    Path config = resolve(dir, "nodes/" + id + "/" + id + ".config");
    if (!Files.isRegularFile(config)) {
      return RootTopic.DEFAULT_SEPARATOR;
    }
    return NodeConfig.read(config).settings().topicSeparator();
  }

  /** A KafkaCrypto key index written as {@code {"bin": hex}} or {@code {"int": n}}. */
  static KeyIndex ki(JsonValue v) {
    return v.has("bin") ? KeyIndex.ofBytes(v.get("bin").hex()) : new KeyIndex.Int(v.get("int").asBigInteger());
  }

  /** {@code "key"} or {@code "value"}. */
  static Context context(JsonValue v) throws CheckFailure {
    for (Context c : Context.values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(v.str())) {
        return c;
      }
    }
    throw new CheckFailure(v.path() + ": unknown context '" + v.str() + "'");
  }

  /**
   * A signing key's secret as the vector files write it: the 64-byte Ed25519 secret key, or
   * {@code pack([4, [bin(ed sk), bin(slh sk)]])} for type 4 (wipe it when done).
   */
  static byte[] secretForm(SigningKey k) {
    if (k instanceof SigningKey.Ed25519Signing e) {
      return e.secretKey();
    }
    SigningKey.HybridSigning h = (SigningKey.HybridSigning) k;
    byte[] ed = h.ed25519SecretKey();
    byte[] slh = h.slhDsaSecretKey();
    try {
      return Msgpack.pack(p -> {
        p.packArrayHeader(2).packInt(h.type()).packArrayHeader(2);
        p.packBinaryHeader(ed.length).writePayload(ed);
        p.packBinaryHeader(slh.length).writePayload(slh);
      });
    } finally {
      Arrays.fill(ed, (byte) 0);
      Arrays.fill(slh, (byte) 0);
    }
  }

  static List<String> strings(JsonValue array) {
    List<String> out = new ArrayList<>();
    for (JsonValue s : array.list()) {
      out.add(s.str());
    }
    return out;
  }

  static String nullableString(JsonValue v) {
    return v.isNull() ? null : v.str();
  }

  /**
   * A case's name for output lines: its {@code name}, {@code id} or {@code description} member,
   * reduced to one token of {@code [A-Za-z0-9_.+-]}.
   */
  static String name(JsonValue item) {
    for (String member : new String[] {"name", "id", "description"}) {
      if (item.isObject() && item.opt(member).isString()) {
        String slug = item.get(member).str().replaceAll("[^A-Za-z0-9_.+-]+", "_")
            .replaceAll("^_+|_+$", "");
        return slug.length() <= 60 ? slug : slug.substring(0, 60);
      }
    }
    return "";
  }
}
