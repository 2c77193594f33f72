package org.dmabufspec.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The spec may still change under the reference. When the module sits in its repository, this
 * test reads {@code ../spec}: every TLA+ action the facade's javadoc quotes must be the action's
 * current text, every action of {@code Next} must have its method, and the CI configurations
 * must carry the constants of their {@code .cfg} files.
 */
class SpecDriftTest {
  private static final Path SPEC = Path.of("..", "spec");
  private static final Path FACADE =
      Path.of("src", "main", "java", "org", "dmabufspec", "reference", "ReferenceKernel.java");
  private static final Pattern DEFINITION = Pattern.compile("^([A-Z][A-Za-z]*)(\\(.*\\))?\\s*==");

  /** The spec's call actions (Next without Done), with the facade method for each. */
  private static final Map<String, String> ACTIONS = actions();

  private static Map<String, String> actions() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String a : List.of("DmaBufExport", "DmaBufFd", "DmaBufGet", "DmaBufAttach",
        "DmaBufMapAttachment", "DmaBufMapAttachmentResume", "DmaBufUnmapAttachment", "DmaBufDetach",
        "DmaBufPut", "DmaBufRelease", "ExporterMigrate", "DmaBufBeginCpuAccess", "DmaBufEndCpuAccess",
        "DmaBufKmap", "DmaBufKunmap", "DmaBufKmapAtomic", "DmaBufKunmapAtomic", "DmaBufVmap",
        "DmaBufVunmap", "DmaBufMmap", "Munmap", "DmaBufLlseek", "FdDup", "FdClose", "FdSend",
        "ProcessExec", "DmaBufIoctlSync", "DmaBufSetName")) {
      m.put(a, Character.toLowerCase(a.charAt(0)) + a.substring(1));
    }
    m.put("DmaBufMapAttachmentInterrupted", "dmaBufMapAttachment");
    return m;
  }

  @Test
  void everyActionHasItsMethod() {
    List<String> methods = Arrays.stream(ReferenceKernel.class.getMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).toList();
    ACTIONS.forEach((action, method) ->
        assertTrue(methods.contains(method), () -> action + " has no method " + method));
  }

  @Test
  void everyQuoteIsTheSpecsCurrentText() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(SPEC), "no ../spec beside the module");
    Map<String, String> spec = specActions();
    Map<String, List<String>> quotes = quotes();
    for (String action : ACTIONS.keySet()) {
      String text = spec.get(action);
      assertNotNull(text, () -> "the spec defines no " + action);
      List<String> q = quotes.get(action);
      assertNotNull(q, () -> "the facade does not quote " + action);
      for (String quote : q) {
        assertEquals(text, quote, () -> action + " changed in the spec: update the quote (and the code)");
      }
    }
  }

  @Test
  void theCiConfigsMirrorTheirCfgFiles() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(SPEC), "no ../spec beside the module");
    assertMirrors("MCDmaBuf.cfg", Config.ciModel());
    assertMirrors("MCDmaBufRefuse.cfg", Config.ciRefuseModel());
  }

  private static void assertMirrors(String cfgFile, Config c) throws IOException {
    Map<String, String> k = new LinkedHashMap<>();
    Pattern assign = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(\\S+)\\s*$");
    for (String line : Files.readAllLines(SPEC.resolve(cfgFile))) {
      Matcher m = assign.matcher(line);
      if (m.find()) {
        k.put(m.group(1), m.group(2).replace("\"", ""));
      }
    }
    assertEquals(k.get("Exporter"), c.exporter(), cfgFile);
    assertEquals(k.get("NPages"), String.valueOf(c.nPages()), cfgFile);
    assertEquals(k.get("PageSize"), String.valueOf(c.pageSize()), cfgFile);
    assertEquals(k.get("MaxFds"), String.valueOf(c.maxFds()), cfgFile);
    assertEquals(k.get("Profile"), c.profile().spec(), cfgFile);
    assertEquals(k.get("AllocPolicy"), c.policy().alloc().spec(), cfgFile);
    assertEquals(k.get("MigrationPolicy"), c.policy().migration().spec(), cfgFile);
    assertEquals(k.get("VmapSupported"), c.policy().vmapSupported() ? "TRUE" : "FALSE", cfgFile);
  }

  /** Each definition's text, whitespace collapsed: from its line to the first blank line. */
  private static Map<String, String> specActions() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(SPEC)) {
      files = s.filter(p -> p.getFileName().toString().matches("DmaBuf.*\\.tla")).toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = DEFINITION.matcher(lines.get(i));
        if (!m.find()) {
          continue;
        }
        List<String> body = new ArrayList<>(List.of(lines.get(i)));
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("\\*")
            && !lines.get(j).startsWith("====") && !lines.get(j).startsWith("----")
            && !DEFINITION.matcher(lines.get(j)).find()) {
          body.add(lines.get(j));
          j++;
        }
        out.put(m.group(1), collapse(String.join("\n", body)));
        i = j - 1;
      }
    }
    return out;
  }

  /** The facade's {@code <pre>{@code ...}</pre>} blocks, by the action they define. */
  private static Map<String, List<String>> quotes() throws IOException {
    List<String> lines = Files.readAllLines(FACADE);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals("* <pre>{@code")) {
        continue;
      }
      List<String> body = new ArrayList<>();
      int j = i + 1;
      while (!lines.get(j).trim().equals("* }</pre>")) {
        body.add(lines.get(j).replaceFirst("^\\s*\\* ?", ""));
        j++;
      }
      Matcher m = DEFINITION.matcher(body.get(0));
      assertTrue(m.find(), () -> "a quote that is no definition: " + body.get(0));
      out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(collapse(String.join("\n", body)));
      i = j;
    }
    return out;
  }

  private static String collapse(String s) {
    return s.trim().replaceAll("\\s+", " ");
  }
}
