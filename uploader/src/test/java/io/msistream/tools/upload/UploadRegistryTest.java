package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadRegistryTest {
  private static final LocalDateTime T0 = LocalDateTime.of(2026, 3, 4, 9, 18, 33);
  @TempDir Path dir;

  static BitSet bits(int... b) {
    BitSet s = new BitSet();
    for (int i : b) {
      s.set(i);
    }
    return s;
  }

  @Test
  void writesUpstreamsFormat() throws Exception {
    UploadRegistry r = UploadRegistry.open(dir, "lab");
    UploadRegistry.Entry a = r.start("a/scan.dat", "scan.dat", 3, T0, new BitSet());
    r.delivered(a, 1);
    r.delivered(a, 3);
    UploadRegistry.Entry b = r.start("b.dat", "b.dat", 1, T0, new BitSet());
    r.delivered(b, 1);
    r.completed(b, T0.plusSeconds(2));
    r.flush(true);
    assertThat(Files.readString(dir.resolve("upload_to_lab_in_progress.csv"))).isEqualTo(
        "filename;rel_filepath;n_chunks;n_chunks_delivered;n_chunks_to_send;started;"
            + "chunks_delivered;chunks_to_send\n"
            + "'scan.dat';'a/scan.dat';3;2;1;'Wed Mar 04, 2026 at 09:18:33';{1, 3};{2}");
    assertThat(Files.readString(dir.resolve("uploaded_to_lab.csv"))).isEqualTo(
        "filename;rel_filepath;n_chunks;started;completed\n"
            + "'b.dat';'b.dat';1;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:35'");
  }

  @Test
  void oddNamesRoundTripExactly() throws Exception {
    List<String> names = List.of("with space;semi.dat", "\ttab/x.dat", "new\nline.dat",
        "quote'\"both.dat", "back\\slash.dat", "ünïcødé/日本語.txt", "ctl\u0001\u007f.dat",
        "PosixPath('x').dat");
    UploadRegistry r = UploadRegistry.open(dir, "t");
    for (String n : names) {
      UploadRegistry.Entry e = r.start(n, n.substring(n.lastIndexOf('/') + 1), 2, T0,
          new BitSet());
      r.delivered(e, 2);
    }
    UploadRegistry.Entry done = r.start("done;\"x\".dat", "done;\"x\".dat", 1, T0, new BitSet());
    r.completed(done, T0);
    r.flush(true);
    UploadRegistry again = UploadRegistry.open(dir, "t");
    assertThat(again.resumable().keySet()).containsExactlyInAnyOrderElementsOf(names);
    for (String n : names) {
      InProgressRow row = again.resumable().get(n);
      assertThat(row.delivered()).isEqualTo(bits(2));
      assertThat(row.toSend()).isEqualTo(bits(1));
      assertThat(row.started()).isEqualTo(T0);
    }
    assertThat(again.lastUploaded("done;\"x\".dat")).isPresent();
  }

  @Test
  void anotherTopicWithTheSamePrefixIsNotSwallowed() throws Exception {
    UploadRegistry oms = UploadRegistry.open(dir, "test_oms");
    oms.completed(oms.start("x.dat", "x.dat", 1, T0, new BitSet()), T0);
    oms.flush(true);
    UploadRegistry test = UploadRegistry.open(dir, "test");
    assertThat(test.lastUploaded("x.dat")).isEmpty();
    assertThat(test.uploadedCount()).isZero();
    assertThat(dir.resolve("uploaded_to_test_oms.csv")).exists();
  }

  @Test
  void upstreamPerProducerFilesAreMergedOnce() throws Exception {
    Files.writeString(dir.resolve("uploaded_to_lab.csv"),
        "filename;rel_filepath;n_chunks;started;completed\n"
            + "'a.dat';'a.dat';1;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:34'");
    Files.writeString(dir.resolve("uploaded_to_lab_p140234567.csv"),
        "filename;rel_filepath;n_chunks;started;completed\n"
            + "'a.dat';'a.dat';1;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:34'\n"
            + "'b.dat';PosixPath('sub/b.dat');2;'Wed Mar 04, 2026 at 09:20:00';"
            + "'Wed Mar 04, 2026 at 09:20:01'");
    // the main file of topic "lab_p2" (it has its own in-progress file): not ours
    Files.writeString(dir.resolve("uploaded_to_lab_p2.csv"),
        "filename;rel_filepath;n_chunks;started;completed\n"
            + "'c.dat';'c.dat';1;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:34'");
    Files.writeString(dir.resolve("upload_to_lab_p2_in_progress.csv"),
        "filename;rel_filepath;n_chunks;n_chunks_delivered;n_chunks_to_send;started;"
            + "chunks_delivered;chunks_to_send");
    UploadRegistry r = UploadRegistry.open(dir, "lab");
    assertThat(r.uploadedCount()).isEqualTo(2);
    assertThat(r.lastUploaded("sub/b.dat")).isPresent();
    assertThat(r.lastUploaded("c.dat")).isEmpty();
    assertThat(dir.resolve("uploaded_to_lab_p140234567.csv")).doesNotExist();
    assertThat(dir.resolve("uploaded_to_lab_p2.csv")).exists();
    assertThat(Files.readString(dir.resolve("uploaded_to_lab.csv")).lines()).hasSize(3);
  }

  @Test
  void aTornLastLineAndDuplicatesAreDropped() throws Exception {
    String row = "'a.dat';'a.dat';1;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:34'";
    Files.writeString(dir.resolve("uploaded_to_t.csv"),
        "filename;rel_filepath;n_chunks;started;completed\n" + row + "\n" + row + "\n"
            + "'b.dat';'b.dat';1;'Wed Mar 04, 20");
    UploadRegistry r = UploadRegistry.open(dir, "t");
    assertThat(r.uploadedCount()).isEqualTo(1);
    assertThat(r.lastUploaded("b.dat")).isEmpty();
    assertThat(Files.readString(dir.resolve("uploaded_to_t.csv")))
        .isEqualTo("filename;rel_filepath;n_chunks;started;completed\n" + row);
    // appending after a rewrite keeps one row per line
    r.completed(r.start("c.dat", "c.dat", 1, T0, new BitSet()), T0);
    r.flush(true);
    assertThat(UploadRegistry.open(dir, "t").uploadedCount()).isEqualTo(2);
  }

  @Test
  void aRowCompletedBeforeACrashWinsOverItsInProgressRow() throws Exception {
    Files.writeString(dir.resolve("upload_to_t_in_progress.csv"),
        "filename;rel_filepath;n_chunks;n_chunks_delivered;n_chunks_to_send;started;"
            + "chunks_delivered;chunks_to_send\n"
            + "'a.dat';'a.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{1};{2}\n"
            + "'b.dat';'b.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{2};{1}");
    Files.writeString(dir.resolve("uploaded_to_t.csv"),
        "filename;rel_filepath;n_chunks;started;completed\n"
            + "'a.dat';'a.dat';2;'Wed Mar 04, 2026 at 09:18:33';'Wed Mar 04, 2026 at 09:18:40'");
    UploadRegistry r = UploadRegistry.open(dir, "t");
    assertThat(r.resumable()).containsOnlyKeys("b.dat");
    // a resumed row stays recorded until its file is started again
    r.flush(true);
    assertThat(UploadRegistry.open(dir, "t").resumable()).containsOnlyKeys("b.dat");
  }

  @Test
  void staleGenerationsDoNotTouchTheCurrentRow() throws Exception {
    UploadRegistry r = UploadRegistry.open(dir, "t");
    UploadRegistry.Entry old = r.start("a.dat", "a.dat", 4, T0, new BitSet());
    r.delivered(old, 1);
    UploadRegistry.Entry fresh = r.start("a.dat", "a.dat", 5, T0.plusSeconds(9), new BitSet());
    r.delivered(old, 2); // a late acknowledgement of the abandoned generation
    r.completed(old, T0);
    r.delivered(fresh, 5);
    r.flush(true);
    InProgressRow row = UploadRegistry.open(dir, "t").resumable().get("a.dat");
    assertThat(row.nChunks()).isEqualTo(5);
    assertThat(row.delivered()).isEqualTo(bits(5));
    assertThat(r.uploadedCount()).isZero();
  }

  @Test
  void unreadableRowsAreSkippedNotFatal() throws Exception {
    Files.writeString(dir.resolve("upload_to_t_in_progress.csv"),
        "sep=;\nfilename;rel_filepath;n_chunks;n_chunks_delivered;n_chunks_to_send;started;"
            + "chunks_delivered;chunks_to_send\n"
            + "'a.dat';'a.dat';2;1;1;'not a time';{1};{2}\n"
            + "'c.dat';'c.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{2};{1}\n");
    assertThat(UploadRegistry.open(dir, "t").resumable()).containsOnlyKeys("c.dat");
  }

  /**
   * Chunk numbers in the sets are the messages' 1-based {@code chunk_i} (spec §2.2, §5.5: "those
   * chunk indices"), and rows that say so are resumed with only the missing chunks. A row whose
   * sets are not a 1-based split of 1..n (0-based numbers, a number beyond n, a damaged cell) is
   * still resumed, but as if nothing had been delivered: every chunk of that generation is sent
   * again (consumers drop duplicates), so a misread numbering can never skip a chunk, and the
   * file is not forgotten.
   */
  @Test
  void chunkSetsAreOneBasedAndAnyOtherRowResendsEveryChunk() throws Exception {
    Files.writeString(dir.resolve("upload_to_t_in_progress.csv"),
        "filename;rel_filepath;n_chunks;n_chunks_delivered;n_chunks_to_send;started;"
            + "chunks_delivered;chunks_to_send\n"
            + "'one.dat';'one.dat';3;2;1;'Wed Mar 04, 2026 at 09:18:33';{1, 3};{2}\n"
            + "'zero.dat';'zero.dat';3;1;2;'Wed Mar 04, 2026 at 09:18:33';{1};{0, 2}\n"
            + "'beyond.dat';'beyond.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{7};{1}\n"
            + "'overlap.dat';'overlap.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{1};{1, 2}\n"
            + "'damaged.dat';'damaged.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{x};{2}\n"
            + "'huge.dat';'huge.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{2000000000};{1}");
    java.util.Map<String, InProgressRow> rows = UploadRegistry.open(dir, "t").resumable();
    assertThat(rows).containsOnlyKeys("one.dat", "zero.dat", "beyond.dat", "overlap.dat",
        "damaged.dat", "huge.dat");
    assertThat(rows.get("one.dat").toSend()).isEqualTo(bits(2));
    for (String resent : new String[] {"zero.dat", "beyond.dat", "overlap.dat", "damaged.dat",
        "huge.dat"}) {
      InProgressRow r = rows.get(resent);
      assertThat(r.delivered().isEmpty()).as(resent).isTrue();
      assertThat(r.toSend().cardinality()).as(resent).isEqualTo(r.nChunks());
    }
  }

  /**
   * Python on Windows writes the registries in the ANSI code page (its default text encoding),
   * with CRLF line ends and the {@code sep=;} line; Excel may add a UTF-8 byte order mark. Such
   * files are read, not refused (an undecodable file used to stop the uploader at start-up).
   */
  @Test
  void windowsWrittenFilesAreRead() throws Exception {
    Files.write(dir.resolve("uploaded_to_t.csv"), ("sep=;\r\nfilename;rel_filepath;n_chunks;started;"
        + "completed\r\n'caf\u00e9.dat';'sub\\\\caf\u00e9.dat';1;'Wed Mar 04, 2026 at 09:18:33';"
        + "'Wed Mar 04, 2026 at 09:18:34'").getBytes(java.nio.charset.Charset.forName("windows-1252")));
    Files.write(dir.resolve("upload_to_t_in_progress.csv"), ("\ufefffilename;rel_filepath;n_chunks;"
        + "n_chunks_delivered;n_chunks_to_send;started;chunks_delivered;chunks_to_send\r\n"
        + "'\u00fc.dat';'\u00fc.dat';2;1;1;'Wed Mar 04, 2026 at 09:18:33';{1};{2}\r\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    UploadRegistry r = UploadRegistry.open(dir, "t");
    assertThat(r.lastUploaded("sub\\caf\u00e9.dat")).isPresent();
    assertThat(r.resumable()).containsOnlyKeys("\u00fc.dat");
    // rewritten as UTF-8, so rows appended later do not mix encodings
    r.completed(r.start("\u00e9t\u00e9.dat", "\u00e9t\u00e9.dat", 1, T0, new BitSet()), T0);
    r.flush(true);
    assertThat(Files.readString(dir.resolve("uploaded_to_t.csv"))).contains("caf\u00e9.dat",
        "\u00e9t\u00e9.dat");
    UploadRegistry again = UploadRegistry.open(dir, "t");
    assertThat(again.lastUploaded("sub\\caf\u00e9.dat")).isPresent();
    assertThat(again.lastUploaded("\u00e9t\u00e9.dat")).isPresent();
    assertThat(again.resumable()).containsOnlyKeys("\u00fc.dat");
  }
}
