package io.msistream.tools.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploader's restart state (spec §5.5), in OpenMSIStream's files and format, in the logs
 * directory:
 *
 * <ul>
 *   <li>{@code upload_to_<topic>_in_progress.csv}: one row per file whose upload started and is
 *       not complete (upstream writes a row only from the first acknowledged chunk; a row with
 *       nothing delivered yet lets a restart resume a file that was chunked but not yet sent); rewritten atomically (temporary file, then
 *       rename) at most every {@link #IN_PROGRESS_INTERVAL} while uploading, and on completion of
 *       files and at shutdown;
 *   <li>{@code uploaded_to_<topic>.csv}: one row per completed upload. Completed rows are
 *       appended (and forced to disk) <em>before</em> the in-progress file drops them, so a crash
 *       in between leaves the file in both, and the completed row wins at the next start.
 * </ul>
 *
 * <p>Fixes over upstream: only this topic's files are read ({@code uploaded_to_<topic>.csv} and
 * upstream's per-producer {@code uploaded_to_<topic>_p<id>.csv}, never another topic's files that
 * merely share the prefix); values round-trip exactly (Python {@code repr} escaping is undone
 * symmetrically); duplicate rows and a torn last line left by a crash are removed when the files
 * are consolidated at start-up.
 *
 * <p>Thread-safe: acknowledgements arrive on the producer's thread, flushes come from the main loop.
 */
final class UploadRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRegistry.class);

  /** Longest time an acknowledged chunk waits before the in-progress file records it. */
  static final Duration IN_PROGRESS_INTERVAL = Duration.ofSeconds(2);

  private final Path dir;
  private final Path inProgressFile;
  private final Path uploadedFile;
  private final Map<String, Entry> current = new LinkedHashMap<>();
  private final Map<String, UploadedRow> lastUploaded = new LinkedHashMap<>();
  private final Map<String, InProgressRow> resumable = new LinkedHashMap<>();
  private final List<UploadedRow> pendingAppend = new ArrayList<>();
  private final List<UploadedRow> thisRun = new ArrayList<>();
  private boolean inProgressDirty;
  private long lastInProgressWrite;
  private int uploadedRows;

  /** One generation of one file being uploaded in this run. */
  static final class Entry {
    private final String filename;
    private final String relPath;
    private final int nChunks;
    private final LocalDateTime started;
    private final BitSet delivered;

    private Entry(String filename, String relPath, int nChunks, LocalDateTime started,
        BitSet delivered) {
      this.filename = filename;
      this.relPath = relPath;
      this.nChunks = nChunks;
      this.started = started;
      this.delivered = delivered;
    }

    LocalDateTime started() {
      return started;
    }
  }

  private UploadRegistry(Path dir, String topic) {
    this.dir = dir;
    this.inProgressFile = dir.resolve(inProgressName(topic));
    this.uploadedFile = dir.resolve(uploadedName(topic));
  }

  static String inProgressName(String topic) {
    return "upload_to_" + topic + "_in_progress.csv";
  }

  static String uploadedName(String topic) {
    return "uploaded_to_" + topic + ".csv";
  }

  /**
   * Reads (and consolidates) the registry of {@code topic} in {@code dir}, creating the folder.
   * Unreadable rows are logged (file and line) and skipped; they never stop the uploader.
   */
  static UploadRegistry open(Path dir, String topic) throws IOException {
    Files.createDirectories(dir);
    UploadRegistry r = new UploadRegistry(dir, topic);
    r.loadUploaded(topic);
    r.loadInProgress();
    return r;
  }

  Path inProgressFile() {
    return inProgressFile;
  }

  Path uploadedFile() {
    return uploadedFile;
  }

  /** In-progress rows read at start-up (without files completed since), by relative path. */
  synchronized Map<String, InProgressRow> resumable() {
    return new LinkedHashMap<>(resumable);
  }

  /** The latest completed upload of {@code relPath} (by start time), from any run. */
  synchronized Optional<UploadedRow> lastUploaded(String relPath) {
    return Optional.ofNullable(lastUploaded.get(relPath));
  }

  /** Drops a previous run's in-progress row that will not be resumed. */
  synchronized void forget(String relPath) {
    if (resumable.remove(relPath) != null) {
      inProgressDirty = true;
    }
  }

  /** Number of distinct files in the completed table (all runs). */
  synchronized int uploadedPaths() {
    return lastUploaded.size();
  }

  /** Number of rows in the completed table (all runs). */
  synchronized int uploadedCount() {
    return uploadedRows;
  }

  /** Uploads completed in this run, in completion order. */
  synchronized List<UploadedRow> completedThisRun() {
    return new ArrayList<>(thisRun);
  }

  /** Starts (or resumes) a generation of {@code relPath}: replaces any earlier row of the file. */
  synchronized Entry start(String relPath, String filename, int nChunks, LocalDateTime started,
      BitSet alreadyDelivered) {
    Entry e = new Entry(filename, relPath, nChunks, started, (BitSet) alreadyDelivered.clone());
    current.put(relPath, e);
    resumable.remove(relPath);
    inProgressDirty = true;
    return e;
  }

  /** Chunk {@code index} of generation {@code e} is acknowledged. Stale generations are ignored. */
  synchronized void delivered(Entry e, int index) {
    if (current.get(e.relPath) == e && !e.delivered.get(index)) {
      e.delivered.set(index);
      inProgressDirty = true;
    }
  }

  /** Generation {@code e} is complete: it moves to the completed table at the next flush. */
  synchronized void completed(Entry e, LocalDateTime at) {
    if (current.get(e.relPath) != e) {
      return;
    }
    current.remove(e.relPath);
    UploadedRow row = new UploadedRow(e.filename, e.relPath, e.nChunks, e.started, at);
    pendingAppend.add(row);
    thisRun.add(row);
    lastUploaded.merge(e.relPath, row, UploadRegistry::later);
    inProgressDirty = true;
  }

  /** Drops generation {@code e}'s row (e.g. its file is gone); a later generation is kept. */
  synchronized void drop(Entry e) {
    if (current.get(e.relPath) == e) {
      current.remove(e.relPath);
      inProgressDirty = true;
    }
  }

  /**
   * Writes what changed: completed rows are appended first (and forced), then the in-progress
   * file is rewritten if it changed and {@code force} or the interval has passed.
   */
  void flush(boolean force) throws IOException {
    List<UploadedRow> append;
    List<InProgressRow> rows = null;
    synchronized (this) {
      append = new ArrayList<>(pendingAppend);
      pendingAppend.clear();
      long now = System.nanoTime();
      boolean due = force || !append.isEmpty()
          || now - lastInProgressWrite >= IN_PROGRESS_INTERVAL.toNanos();
      if (inProgressDirty && due) {
        rows = inProgressRows();
        inProgressDirty = false;
        lastInProgressWrite = now;
      }
      uploadedRows += append.size();
    }
    try {
      if (!append.isEmpty()) {
        appendUploaded(append);
      }
    } catch (IOException e) {
      synchronized (this) {
        pendingAppend.addAll(0, append);
        uploadedRows -= append.size();
        if (rows != null) {
          inProgressDirty = true;
        }
      }
      throw e;
    }
    if (rows != null) {
      try {
        writeInProgress(rows);
      } catch (IOException e) {
        synchronized (this) {
          inProgressDirty = true;
        }
        throw e;
      }
    }
  }

  private List<InProgressRow> inProgressRows() {
    List<InProgressRow> rows = new ArrayList<>();
    for (InProgressRow r : resumable.values()) {
      rows.add(r); // not (yet) resumed in this run: keep them
    }
    for (Entry e : current.values()) {
      rows.add(new InProgressRow(e.filename, e.relPath, e.nChunks, e.started, e.delivered));
    }
    return rows;
  }

  private void writeInProgress(List<InProgressRow> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    if (RegistryCsv.writeExcelSepLine()) {
      lines.add(RegistryCsv.EXCEL_SEP_LINE);
    }
    lines.add(RegistryCsv.join(InProgressRow.COLUMNS));
    for (InProgressRow r : rows) {
      lines.add(RegistryCsv.join(r.cells()));
    }
    writeAtomically(inProgressFile, String.join("\n", lines));
  }

  private void appendUploaded(List<UploadedRow> rows) throws IOException {
    StringBuilder b = new StringBuilder();
    boolean exists = Files.exists(uploadedFile) && Files.size(uploadedFile) > 0;
    if (!exists) {
      if (RegistryCsv.writeExcelSepLine()) {
        b.append(RegistryCsv.EXCEL_SEP_LINE).append('\n');
      }
      b.append(RegistryCsv.join(UploadedRow.COLUMNS));
    }
    for (UploadedRow r : rows) {
      b.append('\n').append(RegistryCsv.join(r.cells()));
    }
    try (FileChannel ch = FileChannel.open(uploadedFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      if (exists && endsWithNewline(uploadedFile)) {
        b.deleteCharAt(0);
      }
      ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
  }

  private static boolean endsWithNewline(Path f) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, size - 1);
      return one.get(0) == '\n';
    }
  }

  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // ---------------------------------------------------------------- reading

  private void loadUploaded(String topic) throws IOException {
    List<Path> producerFiles = upstreamProducerFiles(topic);
    Parsed<UploadedRow> main = Files.exists(uploadedFile)
        ? parse(uploadedFile, UploadedRow.COLUMNS, UploadRegistry::uploadedRow)
        : new Parsed<>(new ArrayList<>(), new ArrayList<>(), false);
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    List<UploadedRow> rows = new ArrayList<>();
    List<String> keptLines = new ArrayList<>();
    boolean rewrite = main.tornLastLine || main.converted;
    for (int k = 0; k < main.rows.size(); k++) {
      if (seen.add(main.lines.get(k))) {
        rows.add(main.rows.get(k));
        keptLines.add(main.lines.get(k));
      } else {
        rewrite = true;
      }
    }
    for (Path p : producerFiles) {
      Parsed<UploadedRow> more = parse(p, UploadedRow.COLUMNS, UploadRegistry::uploadedRow);
      for (int k = 0; k < more.rows.size(); k++) {
        if (seen.add(more.lines.get(k))) {
          rows.add(more.rows.get(k));
          keptLines.add(more.lines.get(k));
        }
      }
      rewrite = true;
    }
    if (rewrite) {
      List<String> lines = new ArrayList<>();
      if (RegistryCsv.writeExcelSepLine()) {
        lines.add(RegistryCsv.EXCEL_SEP_LINE);
      }
      lines.add(RegistryCsv.join(UploadedRow.COLUMNS));
      lines.addAll(keptLines);
      lines.addAll(main.badLines);
      writeAtomically(uploadedFile, String.join("\n", lines));
      for (Path p : producerFiles) {
        Files.deleteIfExists(p);
      }
      LOG.info("Consolidated {} ({} completed uploads{})", uploadedFile, rows.size(),
          producerFiles.isEmpty() ? "" : ", merged " + producerFiles.size()
              + " per-producer file(s)");
    }
    for (UploadedRow r : rows) {
      lastUploaded.merge(r.relPath(), r, UploadRegistry::later);
    }
    uploadedRows = rows.size();
  }

  private void loadInProgress() throws IOException {
    if (!Files.exists(inProgressFile)) {
      return;
    }
    Parsed<InProgressRow> p = parse(inProgressFile, InProgressRow.COLUMNS,
        UploadRegistry::inProgressRow);
    for (InProgressRow r : p.rows) {
      UploadedRow done = lastUploaded.get(r.relPath());
      if (done != null && !done.started().isBefore(r.started())) {
        continue; // completed after this row was written (crash between the two writes)
      }
      resumable.put(r.relPath(), r);
    }
    if (p.converted) {
      inProgressDirty = true;
    }
  }

  /**
   * Upstream's per-producer completed files of this topic: {@code uploaded_to_<topic>_p<id>.csv}
   * (also rotated ones with a suffix), excluding any that is the main file of another topic this
   * folder also has an in-progress file for (topic {@code <topic>_p<id>}).
   */
  private List<Path> upstreamProducerFiles(String topic) throws IOException {
    Pattern p = Pattern.compile("uploaded_to_" + Pattern.quote(topic) + "_p[^/\\\\]*\\.csv");
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path f : ds) {
        String name = f.getFileName().toString();
        if (!p.matcher(name).matches() || !Files.isRegularFile(f)) {
          continue;
        }
        String otherTopic = name.substring("uploaded_to_".length(), name.length() - 4);
        if (Files.exists(dir.resolve(inProgressName(otherTopic)))) {
          continue;
        }
        out.add(f);
      }
    }
    out.sort(null);
    return out;
  }

  private interface RowReader<T> {
    T read(List<String> cells, Map<String, Integer> idx) throws RegistryFormatException;
  }

  private record Parsed<T>(List<T> rows, List<String> lines, boolean tornLastLine,
      List<String> badLines, boolean converted) {
    Parsed(List<T> rows, List<String> lines, boolean torn) {
      this(rows, lines, torn, new ArrayList<>(), false);
    }
  }

  private static <T> Parsed<T> parse(Path file, List<String> columns, RowReader<T> reader)
      throws IOException {
    Text read = readText(file);
    String[] lines = read.text().split("\n", -1);
    List<T> rows = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    boolean torn = false;
    Map<String, Integer> idx = null;
    int last = lines.length - 1;
    while (last >= 0 && lines[last].strip().isEmpty()) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1)
          : lines[i];
      if (line.isBlank() || line.strip().equals(RegistryCsv.EXCEL_SEP_LINE)) {
        continue;
      }
      try {
        if (idx == null) {
          idx = RegistryCsv.header(line, columns, file.toString());
          continue;
        }
        rows.add(reader.read(RegistryCsv.split(line), idx));
        kept.add(line);
      } catch (RegistryFormatException e) {
        if (idx == null) {
          LOG.warn("{}: {}; the file is not used", file, e.getMessage());
          return new Parsed<>(new ArrayList<>(), new ArrayList<>(), false);
        }
        if (i == last) {
          torn = true;
          LOG.warn("{}, line {}: {}; dropped (an interrupted write)", file, i + 1,
              e.getMessage());
        } else {
          bad.add(line);
          LOG.warn("{}, line {}: {}; skipped", file, i + 1, e.getMessage());
        }
      }
    }
    return new Parsed<>(rows, kept, torn, bad, read.converted());
  }

  /** A registry file's text, and whether it was not UTF-8 (so it must be rewritten as UTF-8). */
  private record Text(String text, boolean converted) {}

  /**
   * Reads a registry file: UTF-8 (a byte order mark, as Excel writes, is dropped); a file that is
   * not valid UTF-8 was written by Python on Windows in the ANSI code page (Python's default text
   * encoding there) and is decoded with it instead of stopping the uploader.
   */
  private static Text readText(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int start = b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb
        && (b[2] & 0xff) == 0xbf ? 3 : 0;
    try {
      return new Text(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, start, b.length - start)).toString(), false);
    } catch (CharacterCodingException e) {
      Charset ansi = ansiCharset();
      LOG.warn("{} is not UTF-8: read as {} (Python on Windows writes it so); it is rewritten as"
          + " UTF-8", file, ansi);
      return new Text(new String(b, start, b.length - start, ansi), true);
    }
  }

  /** The platform's ANSI code page if it is not UTF-8, else Windows-1252. */
  private static Charset ansiCharset() {
    String name = System.getProperty("native.encoding");
    try {
      if (name != null) {
        Charset c = Charset.forName(name);
        if (!c.equals(StandardCharsets.UTF_8)) {
          return c;
        }
      }
    } catch (IllegalArgumentException e) {
      // unknown name: use the usual Windows code page
    }
    return Charset.forName("windows-1252");
  }

  private static String cell(List<String> cells, Map<String, Integer> idx, String name)
      throws RegistryFormatException {
    int k = idx.get(name);
    if (k >= cells.size()) {
      throw new RegistryFormatException("missing column '" + name + "'");
    }
    return cells.get(k);
  }

  private static UploadedRow uploadedRow(List<String> c, Map<String, Integer> idx)
      throws RegistryFormatException {
    return new UploadedRow(PyRepr.parseStr(cell(c, idx, "filename")),
        PyRepr.parseStr(cell(c, idx, "rel_filepath")),
        PyRepr.parseInt(cell(c, idx, "n_chunks")),
        PyRepr.parseTimestamp(cell(c, idx, "started")),
        PyRepr.parseTimestamp(cell(c, idx, "completed")));
  }

  private static InProgressRow inProgressRow(List<String> c, Map<String, Integer> idx)
      throws RegistryFormatException {
    int n = PyRepr.parseInt(cell(c, idx, "n_chunks"));
    String relPath = PyRepr.parseStr(cell(c, idx, "rel_filepath"));
    return new InProgressRow(PyRepr.parseStr(cell(c, idx, "filename")), relPath, n,
        PyRepr.parseTimestamp(cell(c, idx, "started")), deliveredChunks(c, idx, n, relPath));
  }

  /**
   * The acknowledged chunks of an in-progress row: the messages' 1-based {@code chunk_i} (spec
   * §2.2; §5.5 re-enqueues "those chunk indices"), as this uploader writes them. The row's two sets
   * must split 1..n between them; a row that does not (0-based numbers, a number beyond n, a
   * damaged cell) is resumed as if nothing had been delivered, so every chunk of that generation
   * is sent again (consumers drop the duplicates) rather than a chunk being skipped for a misread
   * numbering, or the file being forgotten.
   */
  private static BitSet deliveredChunks(List<String> c, Map<String, Integer> idx, int n,
      String relPath) {
    try {
      BitSet delivered = PyRepr.parseIntSet(cell(c, idx, "chunks_delivered"), n);
      BitSet toSend = PyRepr.parseIntSet(cell(c, idx, "chunks_to_send"), n);
      BitSet all = new BitSet(n + 1);
      all.set(1, n + 1);
      BitSet union = (BitSet) delivered.clone();
      union.or(toSend);
      if (!delivered.intersects(toSend) && union.equals(all)) {
        return delivered;
      }
      LOG.warn("in-progress row of {}: its chunk sets do not split chunks 1..{} between them;"
          + " every chunk will be sent again", relPath, n);
    } catch (RegistryFormatException e) {
      LOG.warn("in-progress row of {}: {}; every chunk will be sent again", relPath,
          e.getMessage());
    }
    return new BitSet();
  }

  private static UploadedRow later(UploadedRow a, UploadedRow b) {
    return b.started().isBefore(a.started()) ? a : b;
  }
}
