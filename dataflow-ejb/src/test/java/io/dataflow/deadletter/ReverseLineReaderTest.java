package io.dataflow.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseLineReaderTest {
  @TempDir Path dir;

  private List<String> backwards(String content, int blockBytes) throws Exception {
    Path file = dir.resolve("f.jsonl");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    try (ReverseLineReader r = new ReverseLineReader(file, blockBytes)) {
      byte[] line;
      while ((line = r.previousLine()) != null) {
        lines.add(new String(line, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  void readsLinesLastFirstWhateverTheBlockSize() throws Exception {
    String content = "first\nsecond line\n\nlongest line of them all\nlast\n";
    for (int block : new int[] {1, 2, 3, 7, 64, 1 << 16}) {
      assertThat(backwards(content, block))
          .as("block %d", block)
          .containsExactly("last", "longest line of them all", "", "second line", "first");
    }
  }

  @Test
  void anUnterminatedLastLineIsReturnedAsItIs() throws Exception {
    assertThat(backwards("a\nb\ntorn", 2)).containsExactly("torn", "b", "a");
  }

  @Test
  void emptyFilesAndSingleLines() throws Exception {
    assertThat(backwards("", 4)).isEmpty();
    assertThat(backwards("\n", 4)).containsExactly("");
    assertThat(backwards("only", 4)).containsExactly("only");
    assertThat(backwards("only\n", 4)).containsExactly("only");
  }
}
