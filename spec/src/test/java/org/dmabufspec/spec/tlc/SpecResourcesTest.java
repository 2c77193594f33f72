package org.dmabufspec.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecResourcesTest {

  @Test
  void extractsFromADirectoryOnTheClasspath(@TempDir Path tmp) throws IOException {
    Path root = tmp.resolve("classes");
    Files.createDirectories(root.resolve("tla"));
    Files.writeString(root.resolve("tla/A.tla"), "---- MODULE A ----\n====\n");
    Files.writeString(root.resolve("tla/A.cfg"), "INIT Init\n");
    try (URLClassLoader cl = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      List<Path> files = SpecResources.extract(cl, "tla", tmp.resolve("out"), null);
      assertEquals(2, files.size());
      assertEquals("INIT Init\n", Files.readString(tmp.resolve("out/A.cfg")));
      assertTrue(Files.isRegularFile(tmp.resolve("out/A.tla")));
    }
  }

  @Test
  void extractsFromAJar(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("spec.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("tla/"));
      out.closeEntry();
      put(out, "tla/B.tla", "---- MODULE B ----\n====\n");
      put(out, "tla/B.cfg", "INIT Init\n");
      put(out, "other/C.tla", "not mine");
    }
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      List<Path> files = SpecResources.extract(cl, "tla", tmp.resolve("out"), null);
      assertEquals(2, files.size());
      assertEquals("---- MODULE B ----\n====\n", Files.readString(tmp.resolve("out/B.tla")));
      assertTrue(Files.notExists(tmp.resolve("out/C.tla")));
    }
  }

  @Test
  void jarWithoutDirectoryEntriesUsesTheFallbackRoot(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("flat.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "tla/D.tla", "---- MODULE D ----\n====\n");
    }
    try (URLClassLoader cl = new URLClassLoader(new URL[0], null)) {
      List<Path> files = SpecResources.extract(cl, "tla", tmp.resolve("out"), jar);
      assertEquals(List.of(tmp.resolve("out/D.tla").toAbsolutePath()), files);
    }
  }

  @Test
  void nothingToExtractIsAnError(@TempDir Path tmp) throws IOException {
    try (URLClassLoader cl = new URLClassLoader(new URL[0], null)) {
      assertThrows(IOException.class,
          () -> SpecResources.extract(cl, "tla", tmp.resolve("out"), null));
    }
  }

  @Test
  void extractsTheSpecsOwnResourcesWhenPresent(@TempDir Path tmp) throws IOException {
    assumeTrue(SpecResources.class.getClassLoader().getResource("tla") != null,
        "no spec modules packaged yet");
    List<Path> files = SpecResources.extract(tmp);
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".tla")), files.toString());
  }

  private static void put(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    OutputStream o = out;
    o.write(text.getBytes(StandardCharsets.UTF_8));
    out.closeEntry();
  }
}
