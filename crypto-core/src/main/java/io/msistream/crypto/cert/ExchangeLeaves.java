package io.msistream.crypto.cert;

import io.msistream.crypto.msgpack.Msgpack;
import java.util.List;

/**
 * Leaf certificate bodies of the key-exchange messages (spec 6.2, 6.4, 6.5). Only the layouts:
 * the protocol (random values, ephemeral keys, who sends what) lives in the key-exchange module.
 * Sign a body with the node's {@link SigningKey} and append it to the node's {@link Chain}.
 */
public final class ExchangeLeaves {
  /** Usages a consumer's request leaf carries. */
  public static final List<String> REQUEST_USAGES =
      List.of(NodeRole.Usage.REQUEST, NodeRole.Usage.SUBSCRIBE);
  /** Usages a producer's reply leaf carries. */
  public static final List<String> REPLY_USAGES = List.of(NodeRole.Usage.ENCRYPT);

  private ExchangeLeaves() {}

  /**
   * A request leaf (also a controller's relayed request):
   * {@code [expiry, bin(pack([["topics", [root]], ["usages", [request, subscribe]]])), EPKS,
   * bin(random0)]}.
   *
   * @param expiry now + maxage, as float64
   * @param epks the ephemeral public keys as a list (normal), or a single bare key (legacy request)
   */
  public static byte[] requestBody(double expiry, String root, CertKey epks, byte[] random0) {
    CertificateBuilder b = CertificateBuilder.create().expiresAt(expiry)
        .poison(Poison.of(Poison.topics(root), new Poison.Usages(REQUEST_USAGES)));
    key(b, epks);
    return b.extraBin(random0).encode();
  }

  /**
   * A reply leaf: {@code [expiry, bin(pack([["topics", [root]], ["usages", ["key-encrypt"]]])),
   * [EPK], [bin(random0), bin(random1)], bin(M)]} where {@code M = nonce || secretbox(...)}.
   *
   * @param epk the responder's public part(s), written as a list
   */
  public static byte[] replyBody(double expiry, String root, List<PublicKey> epk, byte[] random0,
      byte[] random1, byte[] m) {
    byte[] randoms = Msgpack.pack(p -> {
      p.packArrayHeader(2);
      p.packBinaryHeader(random0.length).writePayload(random0);
      p.packBinaryHeader(random1.length).writePayload(random1);
    });
    return CertificateBuilder.create().expiresAt(expiry)
        .poison(Poison.of(Poison.topics(root), new Poison.Usages(REPLY_USAGES)))
        .keys(epk).extraEncoded(randoms).extraBin(m).encode();
  }

  private static void key(CertificateBuilder b, CertKey k) {
    if (k instanceof CertKey.Single s) {
      b.key(s.key());
    } else {
      b.keys(k.keys());
    }
  }
}
