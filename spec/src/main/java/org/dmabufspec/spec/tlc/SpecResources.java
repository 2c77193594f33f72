package org.dmabufspec.spec.tlc;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Copies the spec's TLA+ modules and model configs, packaged as classpath resources under
 * {@code tla/} (see {@code spec/pom.xml}), into a directory where TLC can read them. Works when
 * the resources are in a directory ({@code target/classes} in a build) and when they are in a jar.
 */
public final class SpecResources {
  private SpecResources() {}

  /** The classpath folder holding the spec's modules and configs. */
  public static final String PREFIX = "tla";

  /**
   * Copies every resource under {@code tla/} visible to this class's class loader into
   * {@code dir} (created if needed), keeping relative paths, and returns the copied files.
   *
   * @throws IOException if none is found or copying fails
   */
  public static List<Path> extract(Path dir) throws IOException {
    ClassLoader cl = SpecResources.class.getClassLoader();
    return extract(cl, PREFIX, dir, codeSourceOf(SpecResources.class));
  }

  /**
   * Copies every resource under {@code prefix/} visible to {@code loader} into {@code dir}.
   * Each classpath root that has the folder contributes (a later root does not overwrite a file
   * an earlier one provided). If the loader lists no such folder (a jar built without directory
   * entries), {@code fallbackRoot}, a directory or jar, is searched instead when not null.
   */
  static List<Path> extract(ClassLoader loader, String prefix, Path dir, Path fallbackRoot)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> copied = new ArrayList<>();
    Enumeration<URL> roots = loader.getResources(prefix);
    boolean any = false;
    while (roots.hasMoreElements()) {
      URL url = roots.nextElement();
      any = true;
      switch (url.getProtocol()) {
        case "file" -> copyTree(toPath(url), dir, copied);
        case "jar" -> {
          JarURLConnection c = (JarURLConnection) url.openConnection();
          c.setUseCaches(false);
          copyFromJar(toPath(c.getJarFileURL()), prefix, dir, copied);
        }
        default -> throw new IOException("cannot list resources at " + url);
      }
    }
    if (!any && fallbackRoot != null) {
      if (Files.isDirectory(fallbackRoot)) {
        Path p = fallbackRoot.resolve(prefix);
        if (Files.isDirectory(p)) {
          copyTree(p, dir, copied);
        }
      } else if (Files.isRegularFile(fallbackRoot)) {
        copyFromJar(fallbackRoot, prefix, dir, copied);
      }
    }
    if (copied.isEmpty()) {
      throw new IOException("no resources under " + prefix + "/ on the classpath");
    }
    return copied;
  }

  private static void copyTree(Path from, Path dir, List<Path> copied) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path target = dir.resolve(from.relativize(f).toString());
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
        copied.add(target);
      }
    }
  }

  private static void copyFromJar(Path jar, String prefix, Path dir, List<Path> copied)
      throws IOException {
    String folder = prefix + "/";
    Path root = dir.toAbsolutePath().normalize();
    try (JarFile jf = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = jf.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().startsWith(folder)) {
          continue;
        }
        Path target = root.resolve(e.getName().substring(folder.length())).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("jar entry escapes the target directory: " + e.getName());
        }
        if (Files.exists(target)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = jf.getInputStream(e)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        copied.add(target);
      }
    }
  }

  private static Path codeSourceOf(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Path toPath(URL url) throws IOException {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("not a local file: " + url, e);
    }
  }
}
