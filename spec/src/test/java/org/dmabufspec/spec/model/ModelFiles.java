package org.dmabufspec.spec.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the spec's models and properties in the module's top-level folder. */
final class ModelFiles {
  private ModelFiles() {}

  /** The spec/ folder (tests run with the module as working directory). */
  static Path specDir() {
    Path dir = Path.of("").toAbsolutePath();
    if (!Files.exists(dir.resolve("DmaBuf.tla"))) {
      throw new IllegalStateException("DmaBuf.tla not found in " + dir + ": run from spec/");
    }
    return dir;
  }

  /** Every MCDmaBuf_<Property>_bug.cfg, sorted. */
  static List<Path> bugConfigs() throws IOException {
    try (Stream<Path> files = Files.list(specDir())) {
      return files.filter(p -> p.getFileName().toString().matches("MCDmaBuf_\\w+_bug\\.cfg"))
          .sorted().toList();
    }
  }

  /** The property a bug config must violate: the name between "MCDmaBuf_" and "_bug.cfg". */
  static String expectedProperty(Path bugConfig) {
    String f = bugConfig.getFileName().toString();
    return f.substring("MCDmaBuf_".length(), f.length() - "_bug.cfg".length());
  }

  /** TypeOK and every operator of DmaBuf.tla whose name ends in Inv or Prop. */
  static List<String> specProperties() throws IOException {
    String text = Files.readString(specDir().resolve("DmaBuf.tla"));
    Matcher m = Pattern.compile("(?m)^(TypeOK|\\w+Inv|\\w+Prop) ==").matcher(text);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
