package io.dataflow.it.arquillian;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Jars for the WEB-INF/lib of a micro-archive. The third-party libraries are those the application
 * ships: the {@code lib/} of the EAR that the build copied into the IT server ({@code
 * wlp.home/usr/servers/dataflow/apps/dataflow.ear}), extracted once per build, so an in-container
 * test loads the same Google, Redis and Jackson versions as production.
 */
final class ApplicationLibraries {
  private ApplicationLibraries() {}

  /**
   * The file-name prefixes of the embedded MQTT broker (Apache ActiveMQ Artemis and the Netty it
   * runs on) and of the MQTT client: left out of micro-archives that deploy no ingestion.
   */
  static final String[] MQTT_BROKER_AND_CLIENT = {
    "org.apache.activemq-", "io.netty-", "org.eclipse.paho"
  };

  /**
   * The EAR's libraries whose file name (such as {@code lib/com.google.guava-guava-33.5.0-jre.jar})
   * starts with none of the given prefixes.
   */
  static File[] except(String... excludedPrefixes) {
    Path wlp = Path.of(System.getProperty("wlp.home", "target/liberty/wlp"));
    Path ear = wlp.resolve("usr/servers/dataflow/apps/dataflow.ear");
    Path dir = wlp.getParent().resolveSibling("arquillian-libs");
    List<File> jars = new ArrayList<>();
    try (ZipFile zip = new ZipFile(ear.toFile())) {
      Files.createDirectories(dir);
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (!name.startsWith("lib/") || !name.endsWith(".jar")) {
          continue;
        }
        String file = name.substring("lib/".length());
        if (Arrays.stream(excludedPrefixes).anyMatch(file::startsWith)) {
          continue;
        }
        Path jar = dir.resolve(file);
        if (!Files.exists(jar) || Files.size(jar) != entry.getSize()) {
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        jars.add(jar.toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the libraries of " + ear, e);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("No lib/*.jar in " + ear);
    }
    return jars.toArray(File[]::new);
  }

  /** The jar (on the test class path) a class comes from, to put in WEB-INF/lib. */
  static File jarOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("No jar location for " + type.getName(), e);
    }
  }
}
