package io.msistream.crypto.cert;

import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.msgpack.MpValue;
import io.msistream.crypto.msgpack.Msgpack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.msgpack.core.MessagePacker;

/**
 * A certificate's constraint list (spec 5.1): {@code pack([["topics", [..]], ["usages", [..]],
 * ["pathlen", n]])} in any order, each at most once. A missing constraint means "no constraint".
 * Names and list items are read as msgpack str or bin (Python reads both as bytes) and written as
 * str; any other constraint name is invalid. The constraint order is kept, so re-encoding a decoded
 * poison gives back a canonical encoding of the same list.
 */
public final class Poison {
  /** The wildcard topic {@code ^.*$} that matches every topic. */
  public static final String ANY_TOPIC = "^.*$";
  /** An empty constraint list. */
  public static final Poison NONE = new Poison(List.of());

  /** One constraint of a poison list. */
  public sealed interface Constraint permits Topics, Usages, Pathlen {
    /** The constraint's wire name. */
    String name();
  }

  /** Allowed topics: literals, or regexes starting with {@code ^} ({@code ^.*$} = all). */
  public record Topics(List<String> values) implements Constraint {
    public Topics {
      values = List.copyOf(values);
    }

    @Override
    public String name() {
      return "topics";
    }
  }

  /** Allowed usages ({@code key-encrypt}, {@code key-encrypt-request}, ...). */
  public record Usages(List<String> values) implements Constraint {
    public Usages {
      values = List.copyOf(values);
    }

    @Override
    public String name() {
      return "usages";
    }
  }

  /** How many further certificates the key may sign below this one. */
  public record Pathlen(long value) implements Constraint {
    @Override
    public String name() {
      return "pathlen";
    }
  }

  private final List<Constraint> constraints;

  private Poison(List<Constraint> constraints) {
    this.constraints = List.copyOf(constraints);
  }

  /**
   * A poison with these constraints in this order.
   *
   * @throws IllegalArgumentException if a constraint kind appears twice
   */
  public static Poison of(Constraint... constraints) {
    return of(List.of(constraints));
  }

  /** A poison with these constraints in this order (each kind at most once). */
  public static Poison of(List<Constraint> constraints) {
    List<String> seen = new ArrayList<>();
    for (Constraint c : constraints) {
      Objects.requireNonNull(c, "constraint");
      if (seen.contains(c.name())) {
        throw new IllegalArgumentException("constraint '" + c.name() + "' given twice");
      }
      seen.add(c.name());
    }
    return new Poison(constraints);
  }

  /** Shorthand for a topics constraint. */
  public static Topics topics(String... values) {
    return new Topics(List.of(values));
  }

  /** Shorthand for a usages constraint. */
  public static Usages usages(String... values) {
    return new Usages(List.of(values));
  }

  /** Shorthand for a pathlen constraint. */
  public static Pathlen pathlen(long value) {
    return new Pathlen(value);
  }

  /**
   * Decodes the poison bytes of a certificate.
   *
   * @throws MalformedDataException if it is not a list of known, well-formed constraints
   */
  public static Poison decode(byte[] packed) throws MalformedDataException {
    return decode(Msgpack.decode(packed));
  }

  static Poison decode(MpValue v) throws MalformedDataException {
    List<Constraint> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (MpValue item : v.asArray("poison")) {
      List<MpValue> pair = item.asArray("poison constraint");
      if (pair.size() != 2) {
        throw new MalformedDataException("poison constraint: expected [name, value], found "
            + pair.size() + " items");
      }
      String name = pair.get(0).asText("poison constraint name");
      if (seen.contains(name)) {
        throw new MalformedDataException("poison: constraint '" + name + "' given twice");
      }
      seen.add(name);
      switch (name) {
        case "topics":
          out.add(new Topics(texts(pair.get(1), "poison topics")));
          break;
        case "usages":
          out.add(new Usages(texts(pair.get(1), "poison usages")));
          break;
        case "pathlen":
          out.add(new Pathlen(pair.get(1).asLong("poison pathlen")));
          break;
        default:
          throw new MalformedDataException("poison: unknown constraint '" + printable(name) + "'");
      }
    }
    return new Poison(out);
  }

  private static List<String> texts(MpValue v, String what) throws MalformedDataException {
    List<String> out = new ArrayList<>();
    for (MpValue x : v.asArray(what)) {
      out.add(x.asText(what + " item"));
    }
    return out;
  }

  private static String printable(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The constraints in order. */
  public List<Constraint> constraints() {
    return constraints;
  }

  /** The topics constraint's values, if present. */
  public Optional<List<String>> topics() {
    for (Constraint c : constraints) {
      if (c instanceof Topics t) {
        return Optional.of(t.values());
      }
    }
    return Optional.empty();
  }

  /** The usages constraint's values, if present. */
  public Optional<List<String>> usages() {
    for (Constraint c : constraints) {
      if (c instanceof Usages u) {
        return Optional.of(u.values());
      }
    }
    return Optional.empty();
  }

  /** The pathlen constraint, if present. */
  public OptionalLong pathlen() {
    for (Constraint c : constraints) {
      if (c instanceof Pathlen p) {
        return OptionalLong.of(p.value());
      }
    }
    return OptionalLong.empty();
  }

  /** {@code pack([[name, value], ...])} with str names and items, as Python writes it. */
  public byte[] encode() {
    return Msgpack.pack(this::pack);
  }

  void pack(MessagePacker p) throws IOException {
    p.packArrayHeader(constraints.size());
    for (Constraint c : constraints) {
      p.packArrayHeader(2).packString(c.name());
      if (c instanceof Pathlen pl) {
        p.packLong(pl.value());
      } else {
        List<String> values = c instanceof Topics t ? t.values() : ((Usages) c).values();
        p.packArrayHeader(values.size());
        for (String s : values) {
          p.packString(s);
        }
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Poison p && constraints.equals(p.constraints);
  }

  @Override
  public int hashCode() {
    return constraints.hashCode();
  }

  @Override
  public String toString() {
    return "Poison" + constraints;
  }
}
