package io.msistream.crypto.conformance;

import io.msistream.crypto.SecretBytes;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.primitives.Ed25519;
import io.msistream.crypto.primitives.KafkaCryptoKdf;
import io.msistream.crypto.primitives.KafkaCryptoKdf.Context;
import io.msistream.crypto.primitives.PasswordKeys;
import io.msistream.crypto.primitives.PasswordKeys.Provisioner;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.primitives.Sha256;
import io.msistream.crypto.primitives.X25519;
import io.msistream.crypto.record.DecodeResult;
import io.msistream.crypto.record.EncryptionKey;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.crypto.record.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The worked examples of the KafkaCrypto specification, section 13 (fixed by the specification,
 * not by a vector set, so they run whatever the directory): password derivation (13.1), data
 * message derivation and the {@code hello} record (13.2), and the type-1 key-exchange secret and
 * M (13.3). Results are reported under the file name {@code spec-13}.
 */
final class SpecExamples implements Checker {
  static final String SOURCE = "spec-13";
  private static final String ROOT = "openmsitest";
  private static final byte[] S = range(0, 32);
  private static final byte[] NODE_PK = range(32, 32);

  @Override
  public String file() {
    return SOURCE;
  }

  @Override
  public boolean readsFile() {
    return false;
  }

  @Override
  public List<CaseResult> check(Path dir) {
    return List.of(
        VectorFileChecker.run(SOURCE, "13.1", "root_of_trust", SpecExamples::rootOfTrust),
        VectorFileChecker.run(SOURCE, "13.1", "provisioners", SpecExamples::provisioners),
        VectorFileChecker.run(SOURCE, "13.2", "data_message_derivation", SpecExamples::derivation),
        VectorFileChecker.run(SOURCE, "13.2", "hello_record", SpecExamples::helloRecord),
        VectorFileChecker.run(SOURCE, "13.3", "key_exchange_secret_and_M", SpecExamples::keyExchange));
  }

  private static void rootOfTrust() throws Exception {
    Check.bytes("root salt", hex("cc9f97ce50e6b858f6ed5b2a16c7cb3181a527b8e4188ff40ce371cd8fbd3c91"),
        PasswordKeys.rootSalt("123456789012"));
    byte[] sk = PasswordKeys.rootSecretKey("123456789012");
    byte[] pk = Ed25519.publicKeyOf(sk);
    Arrays.fill(sk, (byte) 0);
    Check.bytes("root public key", hex("94ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3"), pk);
    Check.equal("allowlist rot0", "base64#kwDEAZDEIJSsMcv3TiBbSTy0svm44g61ZArvCl2M6u+D+LQU9KDD",
        "base64#" + Base64.getEncoder().encodeToString(ProvisioningCerts.rootOfTrust(new PublicKey.Ed25519Key(pk))));
  }

  private static void provisioners() throws Exception {
    byte[] rotPk = hex("94ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3");
    Check.bytes("consumer salt", hex("1eb8a62996454ea00ab7671cfbb6a8f29e5bbbc37ba6fa493ad2e4a2134e0bb7"),
        PasswordKeys.provisionerSalt(Provisioner.CONSUMER, rotPk));
    Check.bytes("prodcon salt", hex("b90efd548b98d902079a14d5262774405e2b3bfc14562c76d87655856fa02e25"),
        PasswordKeys.provisionerSalt(Provisioner.PRODCON, rotPk));
    String[] expected = {
      "65328701bd22f7c6fe0bc95c1011de1b67c9070ddd860e54e151715edf5b7b66",
      "3c0da0ffe3856a70c7312a1b5f20ba6c5f107907bf272e2f92bb52c1f2d59826",
      "2c0aa6fe95b0bd9e32a4282fb442fe0fd246fbe5329fb6c73c96b6071e13c2e2"};
    for (Provisioner p : Provisioner.values()) {
      byte[] sk = PasswordKeys.provisionerSecretKey(p, rotPk, "123456");
      byte[] pk = Ed25519.publicKeyOf(sk);
      Arrays.fill(sk, (byte) 0);
      Check.bytes(p.saltName() + " provisioner public key", hex(expected[p.ordinal()]), pk);
    }
  }

  private static void derivation() throws Exception {
    Check.bytes("SHA-256(root)", hex("bea75aa74bcafef3416c41e1dd81d0b96351c05c1975cdec53a91c3f02a38a73"),
        Sha256.hash(ROOT.getBytes(StandardCharsets.UTF_8)));
    byte[] kR = KafkaCryptoKdf.rootKey(S, ROOT);
    Check.bytes("K_R", hex("582cfda4cc20de5aafdffc11a0cba6db4233b0d0187ce6bb4636bd92b87b5ee2"), kR);
    Check.bytes("ki", hex("cd7c57ad56979602014d26d02011093d8efd03984862e03e065ce0f8d6395a8a"),
        KafkaCryptoKdf.keyIndex(NODE_PK, 0));
    Check.bytes("next ratchet secret", hex("6a2a23f02fe97d2f1e30fbad45ae999406f689825c89b254d79f08ee69b10ba4"),
        KafkaCryptoKdf.ratchetStep(S));
    byte[] salt1 = new byte[16];
    salt1[0] = 1;
    Check.bytes("value key and nonce, salt 0",
        hex("1172454e8063ef6a9c24c4dd52221a160c4169a0a569fa201d96ac8023d292b6"
            + "33e4a1812a247bc76c42435018be40ffc69855c200670c2f"),
        KafkaCryptoKdf.messageKeyAndNonce(kR, new byte[16], Context.VALUE));
    Check.bytes("value key and nonce, salt 1",
        hex("34d0ee201b7d799db0930eede8735fe0e98664ecc1bd8e1551d504d731cf144c"
            + "4196e493de25cff1ac9180a5d16bcfbd3f0b7534ef3fb4b2"),
        KafkaCryptoKdf.messageKeyAndNonce(kR, salt1, Context.VALUE));
    Check.bytes("key key and nonce, salt 0",
        hex("f988e6b40b4d46d21cba12ab5c9eb4f7eb22cdf28a3bfb261772e30f91fca30c"
            + "3de164cc0d0f89fb7dbe4af7c8fe25fc7acf7bc4458a1d85"),
        KafkaCryptoKdf.messageKeyAndNonce(kR, new byte[16], Context.KEY));
  }

  private static void helloRecord() throws Exception {
    byte[] kR = KafkaCryptoKdf.rootKey(S, ROOT);
    KeyIndex ki = KeyIndex.ofBytes(KafkaCryptoKdf.keyIndex(NODE_PK, 0));
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] wire = hex("0193c420cd7c57ad56979602014d26d02011093d8efd03984862e03e065ce0f8d6395a8a"
        + "c41000000000000000000000000000000000c4152749e2ac94e8122fd6b78d967004cf2066e62eaace");
    try (EncryptionKey key = EncryptionKey.create(ROOT, ki, kR)) {
      Check.bytes("wire", wire, key.encrypt(Context.VALUE, hello));
    }
    DecodeResult r = RecordCodec.decrypt(wire, ROOT, Context.VALUE,
        (root, k) -> k.equals(ki) ? Optional.of(SecretBytes.copyOf(kR)) : Optional.empty());
    Check.bytes("decrypted", hello, Check.instance(DecodeResult.Cleartext.class, r, "outcome").plaintext());
  }

  private static void keyExchange() throws Exception {
    byte[] consumerSecret = repeat(1, 32);
    byte[] producerSecret = repeat(2, 32);
    Check.bytes("consumer epk", hex("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209"),
        X25519.publicKey(consumerSecret));
    Check.bytes("producer epk", hex("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59"),
        X25519.publicKey(producerSecret));
    byte[] e = X25519.sharedSecret(producerSecret, X25519.publicKey(consumerSecret));
    Check.bytes("X25519 output", hex("2ed76ab549b1e73c031eb49c9448f0798aea81b698279a0c3dc3e49fbfc4b953"), e);
    Check.bytes("X25519 output (consumer side)", e,
        X25519.sharedSecret(consumerSecret, X25519.publicKey(producerSecret)));
    byte[] ss = Sha256.hash(ROOT.getBytes(StandardCharsets.UTF_8), repeat(3, 32), repeat(4, 32), e);
    Check.bytes("SS", hex("e8e2438bcc8710e6b51cb78912bc753923a3729b0946c7e4c8345841416557e0"), ss);
    byte[] ki = KafkaCryptoKdf.keyIndex(NODE_PK, 0);
    byte[] kR = KafkaCryptoKdf.rootKey(S, ROOT);
    byte[] inner = new byte[1 + 2 * 34]; // pack([bin(ki), bin(K_R)])
    inner[0] = (byte) 0x92;
    inner[1] = (byte) 0xc4;
    inner[2] = 32;
    System.arraycopy(ki, 0, inner, 3, 32);
    inner[35] = (byte) 0xc4;
    inner[36] = 32;
    System.arraycopy(kR, 0, inner, 37, 32);
    byte[] nonce = repeat(5, 24);
    byte[] m = new byte[24 + 16 + inner.length];
    System.arraycopy(nonce, 0, m, 0, 24);
    SecretBox.seal(ss, nonce, inner, 0, inner.length, m, 24);
    Check.bytes("M", hex("0505050505050505050505050505050505050505050505052d41fe580f9c9d5b"
        + "36828de6c473b2807c064700c491c28f05bea6e8a69207d3299aa74262f4be167ffa399b479bd9edeb4527a6"
        + "7af3ae5c42b4ed3a4ed744874f1562bff0bbced9d219f911034f8a07b67f03e7d8"), m);
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static byte[] range(int from, int n) {
    byte[] r = new byte[n];
    for (int i = 0; i < n; i++) {
      r[i] = (byte) (from + i);
    }
    return r;
  }

  private static byte[] repeat(int value, int n) {
    byte[] r = new byte[n];
    Arrays.fill(r, (byte) value);
    return r;
  }
}
