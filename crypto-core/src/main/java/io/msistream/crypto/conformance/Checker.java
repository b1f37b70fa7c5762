package io.msistream.crypto.conformance;

import java.nio.file.Path;
import java.util.List;

/** Checks the cases of one vector file in a vector directory laid out like {@code shared/interop}. */
public interface Checker {

  /** The vector file this checker reads, relative to the directory (e.g. {@code chains.json}). */
  String file();

  /** False for checks that read no file (the specification's own examples). */
  default boolean readsFile() {
    return true;
  }

  /**
   * One result per case, in file order. Never throws: an unreadable or malformed file or case is
   * a failed result.
   */
  List<CaseResult> check(Path dir);
}
