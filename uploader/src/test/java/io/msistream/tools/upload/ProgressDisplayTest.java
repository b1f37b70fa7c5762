package io.msistream.tools.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.msistream.stream.chunk.ChunkPlanner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressDisplayTest {
  @TempDir Path tmp;

  @Test
  void theBarShowsAcknowledgedBytesOfTheTotal() throws Exception {
    Path f = Files.write(tmp.resolve("f.bin"), new byte[4000]);
    var plan = ChunkPlanner.of(1024).plan(f);
    BitSet all = new BitSet();
    all.set(1, 5);
    UploadDataFile.Outcome o = new UploadDataFile.Outcome();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressDisplay.Bar bar = new ProgressDisplay.Bar(new PrintStream(out, true,
        StandardCharsets.UTF_8), "f.bin");
    assertThat(bar.line(o)).contains("reading the file");
    FileUpload u = new FileUpload(FileJob.fresh(f, "f.bin"), plan, 0, LocalDateTime.now(), false,
        all);
    o.started(u);
    o.acked(u, 1, 1024);
    o.acked(u, 2, 1024);
    assertThat(bar.line(o)).startsWith("f.bin [###############...............]  51%")
        .contains("0.0 MB / 0.0 MB");
    bar.update(o);
    bar.finish();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("\rf.bin [").endsWith("\n");
  }
}
