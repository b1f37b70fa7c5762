package io.msistream.crypto.conformance;

import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The outcome of one vector case.
 *
 * @param file the vector file relative to the vector directory ({@code chains.json},
 *     {@code chunks/chunks.json}), or {@code spec-13} for the specification's own examples
 * @param id where the case sits in the file ({@code cases[17]}), empty for a result about the
 *     whole file
 * @param name the case's name as one token (may be empty)
 * @param failure why the case failed; empty if it passed
 */
public record CaseResult(String file, String id, String name, Optional<String> failure) {

  public CaseResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    failure = failure.map(CaseResult::oneLine);
  }

  /** A passed case. */
  public static CaseResult pass(String file, String id, String name) {
    return new CaseResult(file, id, name, Optional.empty());
  }

  /** A failed case and why. */
  public static CaseResult fail(String file, String id, String name, String why) {
    return new CaseResult(file, id, name, Optional.of(why));
  }

  public boolean passed() {
    return failure.isEmpty();
  }

  /** {@code file id name}, leaving out empty parts. */
  public String label() {
    StringJoiner j = new StringJoiner(" ");
    for (String part : new String[] {file, id, name}) {
      if (!part.isEmpty()) {
        j.add(part);
      }
    }
    return j.toString();
  }

  /** The output line: {@code PASS <label>} or {@code FAIL <label>: <why>}. */
  public String line() {
    return failure.map(why -> "FAIL " + label() + ": " + why).orElse("PASS " + label());
  }

  private static String oneLine(String s) {
    String flat = (s == null || s.isBlank() ? "failed" : s).replaceAll("\\s+", " ").strip();
    return flat.length() <= 400 ? flat : flat.substring(0, 400) + "...";
  }
}
