package io.msistream.broker;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for the local broker's SASL_SSL listener, made with BouncyCastle and
 * kept in {@code <data dir>/tls/}: {@code broker.pem} (PKCS#8 key and certificate, the broker's PEM
 * keystore) and {@code ca.pem} (the certificate alone, what clients trust via
 * {@code ssl.ca.location} / a PEM truststore). The names {@code localhost} and {@code 127.0.0.1}
 * are in the certificate, so clients keep hostname verification on. Made once and reused across
 * restarts, so clients configured earlier still trust it.
 */
final class SelfSignedTls {
  private final Path keystore;
  private final Path ca;

  private SelfSignedTls(Path keystore, Path ca) {
    this.keystore = keystore;
    this.ca = ca;
  }

  static SelfSignedTls in(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("tls");
    Path keystore = dir.resolve("broker.pem");
    Path ca = dir.resolve("ca.pem");
    if (Files.isRegularFile(keystore) && Files.isRegularFile(ca)) {
      return new SelfSignedTls(keystore, ca);
    }
    Files.createDirectories(dir);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=localhost, O=MSIStream local broker");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
      X509CertificateHolder cert = b.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
      String certPem = pem(cert);
      String keyPem = pem(new JcaPKCS8Generator(kp.getPrivate(), null).generate());
      Path tmpKeystore = Files.createTempFile(dir, ".broker-", ".pem");
      Files.writeString(tmpKeystore, keyPem + certPem, StandardCharsets.US_ASCII);
      Files.move(tmpKeystore, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(ca, certPem, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not make a self-signed certificate: " + e.getMessage(), e);
    }
    return new SelfSignedTls(keystore, ca);
  }

  private static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  /** The broker's PEM keystore (key and certificate). */
  Path keystore() {
    return keystore;
  }

  /** The certificate clients trust. */
  Path caCertificate() {
    return ca;
  }
}
