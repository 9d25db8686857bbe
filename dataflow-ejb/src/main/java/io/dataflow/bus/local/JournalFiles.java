package io.dataflow.bus.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a journal opens a new segment file for writing. Every write of a segment goes through the
 * channel this returns, so a test can hand out a channel that fails (a full disk) to check what the
 * journal does then.
 */
@FunctionalInterface
interface JournalFiles {
  /** Plain files: {@link FileChannel#open} with {@code CREATE_NEW, WRITE}. */
  JournalFiles DEFAULT =
      path -> FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  /** Creates the segment file (it must not exist yet) and opens it for writing. */
  FileChannel create(Path segment) throws IOException;
}
