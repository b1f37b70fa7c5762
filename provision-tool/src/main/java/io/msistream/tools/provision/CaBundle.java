package io.msistream.tools.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The system CA bundle path written as {@code [<id>-kafka] ssl_cafile} in a new node config, as
 * KafkaCrypto does when the value is empty (the shared Python nodes show the Debian location).
 * The first existing file of the usual locations is taken; if none exists the value is left
 * empty, and KafkaCrypto fills in its own default when it loads the file. The Java tools take
 * their broker settings from the OpenMSIStream config anyway.
 */
public final class CaBundle {
  /** Usual system CA bundle locations, most common first. */
  public static final List<String> CANDIDATES = List.of(
      "/etc/ssl/certs/ca-certificates.crt",   // Debian, Ubuntu, Alpine, Arch
      "/etc/pki/tls/certs/ca-bundle.crt",     // Fedora, RHEL
      "/etc/ssl/ca-bundle.pem",               // openSUSE
      "/etc/ssl/cert.pem");                   // macOS, BSDs

  private CaBundle() {}

  /** The first existing candidate, or the empty string. */
  public static String systemPath() {
    for (String c : CANDIDATES) {
      if (Files.isRegularFile(Path.of(c))) {
        return c;
      }
    }
    return "";
  }
}
