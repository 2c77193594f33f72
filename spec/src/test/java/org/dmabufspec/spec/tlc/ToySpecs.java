package org.dmabufspec.spec.tlc;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Where the toy specs of the tests ({@code src/test/resources/toy}) are. */
final class ToySpecs {
  private ToySpecs() {}

  static Path dir() {
    URL url = ToySpecs.class.getResource("/toy/Counter.tla");
    if (url == null) {
      throw new IllegalStateException("toy specs are not on the test classpath");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Options for a toy module and config: one worker unless the test says otherwise, and the
   * client compiler only, which starts TLC about a quarter faster on tiny models.
   */
  static TlcOptions.Builder options(String module, String cfg) {
    return TlcOptions.builder(module).config(cfg).modelDir(dir()).workers(1)
        .jvmArgs("-XX:TieredStopAtLevel=1");
  }
}
