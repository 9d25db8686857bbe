package io.dataflow.deadletter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the dead-letter store in one directory: the current file {@code dead-letters.jsonl}
 * and the rotated ones {@code dead-letters-<sequence>.jsonl}, numbered upwards (a higher number is
 * newer; zero-padded to 6 digits so a listing sorts by age). Names only depend on what is already
 * in the directory, never on the clock.
 */
final class DeadLetterFiles {
  static final String CURRENT = "dead-letters.jsonl";
  private static final Pattern ROTATED = Pattern.compile("dead-letters-(\\d{1,18})\\.jsonl");
  private static final Logger LOG = Logger.getLogger(DeadLetterFiles.class.getName());

  private final Path directory;

  DeadLetterFiles(Path directory) {
    this.directory = directory;
  }

  Path current() {
    return directory.resolve(CURRENT);
  }

  /** The rotated files, oldest first. */
  List<Path> rotated() throws IOException {
    record Numbered(long sequence, Path file) {}
    List<Numbered> found = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "dead-letters-*.jsonl")) {
      for (Path p : dir) {
        Matcher m = ROTATED.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) {
          found.add(new Numbered(Long.parseLong(m.group(1)), p));
        }
      }
    }
    found.sort(Comparator.comparingLong(Numbered::sequence));
    return found.stream().map(Numbered::file).toList();
  }

  /** The current file first, then the rotated ones, newest first: the order to read a tail in. */
  List<Path> newestFirst() throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.exists(current())) {
      files.add(current());
    }
    List<Path> rotated = new ArrayList<>(rotated());
    java.util.Collections.reverse(rotated);
    files.addAll(rotated);
    return files;
  }

  /** The name the current file gets when it is rotated now: one above the newest rotated file. */
  Path nextRotated() throws IOException {
    List<Path> rotated = rotated();
    long next = 1;
    if (!rotated.isEmpty()) {
      Matcher m = ROTATED.matcher(rotated.get(rotated.size() - 1).getFileName().toString());
      if (m.matches()) {
        next = Long.parseLong(m.group(1)) + 1;
      }
    }
    return directory.resolve(String.format("dead-letters-%06d.jsonl", next));
  }

  /** Deletes the oldest rotated files beyond {@code maxFiles}; returns how many were deleted. */
  int deleteBeyond(int maxFiles) throws IOException {
    List<Path> rotated = rotated();
    int deleted = 0;
    for (int i = 0; i < rotated.size() - maxFiles; i++) {
      Path p = rotated.get(i);
      long bytes = Files.size(p);
      Files.delete(p);
      deleted++;
      LOG.info(
          "Deleted the oldest dead-letter file "
              + p
              + " ("
              + bytes
              + " bytes; keeping "
              + maxFiles
              + " rotated files)");
    }
    return deleted;
  }
}
