package io.msistream.crypto.conformance;

import io.msistream.crypto.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the checkers of one JSON vector file: loads it, turns an unreadable file into one failed
 * result, and runs a check per case so that one bad case never stops the others.
 */
abstract class VectorFileChecker implements Checker {

  /** Checks one element of a case array. */
  @FunctionalInterface
  interface Each {
    void check(JsonValue item) throws Exception;
  }

  private final String file;

  VectorFileChecker(String file) {
    this.file = file;
  }

  @Override
  public final String file() {
    return file;
  }

  @Override
  public final List<CaseResult> check(Path dir) {
    JsonValue doc;
    try {
      doc = Vectors.read(dir, file);
    } catch (Exception e) {
      return List.of(CaseResult.fail(file, "", "", "cannot read: " + Check.describe(e)));
    }
    try {
      return cases(dir, doc);
    } catch (RuntimeException e) {
      return List.of(CaseResult.fail(file, "", "", Check.describe(e)));
    }
  }

  /** The results of every case of {@code doc}, which was read from {@code dir}. */
  abstract List<CaseResult> cases(Path dir, JsonValue doc);

  /** One result per element of the array {@code doc.member} (one failure if there is no such array). */
  final List<CaseResult> each(JsonValue doc, String member, Each each) {
    List<JsonValue> items;
    try {
      items = doc.get(member).list();
    } catch (RuntimeException e) {
      return List.of(CaseResult.fail(file, member, "", Check.describe(e)));
    }
    List<CaseResult> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonValue item = items.get(i);
      out.add(run(member + "[" + i + "]", Vectors.name(item), () -> each.check(item)));
    }
    return out;
  }

  /** One named check of a case that is checked in several parts. */
  record Part(String name, Each check) {}

  /**
   * One result per part per element of the array {@code doc.member}, named
   * {@code <element name>/<part name>}.
   */
  final List<CaseResult> each(JsonValue doc, String member, List<Part> parts) {
    List<JsonValue> items;
    try {
      items = doc.get(member).list();
    } catch (RuntimeException e) {
      return List.of(CaseResult.fail(file, member, "", Check.describe(e)));
    }
    List<CaseResult> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonValue item = items.get(i);
      for (Part p : parts) {
        out.add(run(member + "[" + i + "]", Vectors.name(item) + "/" + p.name(), () -> p.check().check(item)));
      }
    }
    return out;
  }

  /** Runs one case of this file; see {@link #run(String, String, String, Check.Body)}. */
  final CaseResult run(String id, String name, Check.Body body) {
    return run(file, id, name, body);
  }

  /** Runs one case: it passes if {@code body} returns, and fails with what it threw otherwise. */
  static CaseResult run(String file, String id, String name, Check.Body body) {
    try {
      body.run();
      return CaseResult.pass(file, id, name);
    } catch (Exception e) {
      return CaseResult.fail(file, id, name, Check.describe(e));
    }
  }
}
