package io.msistream.crypto.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs {@link Checker}s over a vector directory laid out like {@code shared/interop} and reports
 * every case as one line (format: see {@link ConformanceMain}). A vector file missing from the
 * directory is skipped with one {@code SKIP} line; everything else, including a malformed file,
 * ends up as {@code PASS} or {@code FAIL} lines.
 *
 * <pre>{@code
 * ConformanceRunner.Summary s = ConformanceRunner.standard().run(dir, System.out::println);
 * boolean ok = s.allPassed();
 * }</pre>
 */
public final class ConformanceRunner {
  private final List<Checker> checkers;

  private ConformanceRunner(List<Checker> checkers) {
    this.checkers = List.copyOf(checkers);
  }

  /** Every check of the crypto vectors; node chains and key exchanges are validated now. */
  public static ConformanceRunner standard() {
    return standard(System.currentTimeMillis() / 1000.0);
  }

  /**
   * Every check of the crypto vectors.
   *
   * @param now seconds since the epoch at which node chains and recorded key-exchange messages
   *     are validated ({@code chains.json} cases carry their own time)
   */
  public static ConformanceRunner standard(double now) {
    return of(List.of(new DerivationChecker(), new MessagesChecker(), new ChainsChecker(),
        new ExchangeChecker(now), new CryptoFilesChecker(), new SeedFilesChecker(),
        new ConfigSamplesChecker(), new NodesChecker(now), new EncryptedChunkChecker(),
        new SpecExamples()));
  }

  public static ConformanceRunner of(List<Checker> checkers) {
    return new ConformanceRunner(checkers);
  }

  public List<Checker> checkers() {
    return checkers;
  }

  /** The vector files the checkers read, in order, each once. */
  public Set<String> files() {
    Set<String> files = new LinkedHashSet<>();
    checkers.stream().filter(Checker::readsFile).forEach(c -> files.add(c.file()));
    return files;
  }

  /** Runs every checker on {@code dir}, handing each output line to {@code out} as it is known. */
  public Summary run(Path dir, Consumer<String> out) {
    Objects.requireNonNull(dir, "dir");
    int passed = 0;
    int failed = 0;
    Set<String> skipped = new LinkedHashSet<>();
    for (Checker c : checkers) {
      if (c.readsFile() && !Files.isRegularFile(dir.resolve(c.file()))) {
        if (skipped.add(c.file())) {
          out.accept("SKIP " + c.file() + ": not in the directory");
        }
        continue;
      }
      List<CaseResult> results;
      try {
        results = c.check(dir);
      } catch (RuntimeException e) {
        results = List.of(CaseResult.fail(c.file(), "", "", "checker error: " + Check.describe(e)));
      }
      for (CaseResult r : results) {
        out.accept(r.line());
        if (r.passed()) {
          passed++;
        } else {
          failed++;
        }
      }
    }
    return new Summary(passed, failed, new ArrayList<>(skipped));
  }

  /** Counts of one run and the files skipped because they were missing. */
  public record Summary(int passed, int failed, List<String> skipped) {
    public Summary {
      skipped = List.copyOf(skipped);
    }

    public boolean allPassed() {
      return failed == 0;
    }

    /** {@code N passed, M failed}. */
    public String line() {
      return passed + " passed, " + failed + " failed";
    }
  }
}
