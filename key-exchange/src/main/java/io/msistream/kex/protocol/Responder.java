package io.msistream.kex.protocol;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.primitives.Kem;
import io.msistream.crypto.primitives.KemPublicKey;
import io.msistream.crypto.primitives.KemType;
import io.msistream.crypto.primitives.SecretBox;
import io.msistream.crypto.record.KeyIndex;
import io.msistream.kex.keys.HeldKey;
import io.msistream.kex.keys.KeySource;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A producer's answer to a validated request (spec 6.5): the keys it holds among those asked
 * for, encrypted to the first EPKS entry of a type it supports, signed by each of its signing keys
 * of the requester's root-of-trust type. Stateless.
 *
 * <p>Randomness is drawn in a fixed order — the X25519 secret, the post-quantum encapsulation
 * randomness, random1 (32 bytes), the nonce (24 bytes) — so a recorded exchange can be replayed.
 */
public final class Responder {
  private static final int RANDOM1_BYTES = 32;

  private Responder() {}

  /**
   * A reply to send to {@code R.keys}.
   *
   * @param request the validated request (usage {@code key-encrypt-request})
   * @param source the keys this node can hand out
   * @param signers this node's signing keys and chains
   * @param types the key-exchange types this node supports
   * @param expiry the reply leaf's expiry (now + maxage)
   * @return the reply, or empty if this node holds none of the requested keys
   * @throws ExchangeException if no EPKS entry has a type this node supports
   * @throws AuthenticationException if the requester's X25519 key is unusable (all-zero secret)
   */
  public static Optional<Reply> answer(KeyRequest request, KeySource source, List<Signer> signers,
      List<KemType> types, SecureRandom random, double expiry)
      throws ExchangeException, AuthenticationException {
    KemPublicKey peer = null;
    for (KemPublicKey k : request.epks()) {
      if (k != null && types.contains(k.type())) {
        peer = k;
        break;
      }
    }
    if (peer == null) {
      throw new ExchangeException("key request for " + request.root()
          + ": no key-exchange type in common (we support " + typeNumbers(types) + ")");
    }
    List<HeldKey> held = source.keysFor(request.root(), request.keyIndices());
    if (held.isEmpty()) {
      return Optional.empty();
    }
    byte[] e = null;
    byte[] ss = null;
    try {
      Kem.Encapsulation enc = Kem.encapsulate(peer, random);
      e = enc.sharedSecret();
      byte[] random0 = request.random0();
      byte[] random1 = new byte[RANDOM1_BYTES];
      random.nextBytes(random1);
      byte[] nonce = new byte[SecretBox.NONCE_BYTES];
      random.nextBytes(nonce);
      ss = ReplyBox.sharedSecret(request.root(), random0, random1, e);
      byte[] m = ReplyBox.seal(ss, nonce, held);
      byte[] body = ExchangeLeaves.replyBody(expiry, request.root(),
          List.of(Leaves.certKey(enc.ciphertext().encode())), random0, random1, m);
      List<byte[]> values = new ArrayList<>();
      for (Signer s : signersFor(signers, request.rootOfTrust())) {
        values.add(s.sign(request.root(), ExchangeLeaves.REPLY_USAGES, expiry, body));
      }
      List<KeyIndex> delivered = held.stream().map(HeldKey::keyIndex).toList();
      return Optional.of(new Reply(
          new Outgoing(request.root(), KeyIndexList.encode(delivered), values), delivered,
          request.requester(), peer.type()));
    } finally {
      if (e != null) {
        Arrays.fill(e, (byte) 0);
      }
      if (ss != null) {
        Arrays.fill(ss, (byte) 0);
      }
      held.forEach(HeldKey::close);
    }
  }

  /** The signers whose key type is that of the requester's root of trust (all if none is). */
  static List<Signer> signersFor(List<Signer> signers, PublicKey rootOfTrust) {
    List<Signer> same = new ArrayList<>();
    for (Signer s : signers) {
      if (s.key().type() == rootOfTrust.type()) {
        same.add(s);
      }
    }
    return same.isEmpty() ? signers : same;
  }

  private static List<Integer> typeNumbers(List<KemType> types) {
    return types.stream().map(KemType::requestType).toList();
  }

  /**
   * A reply ready to send.
   *
   * @param records the record key and values
   * @param delivered the key indices in it
   * @param requester the key that signed the request (consumer, or controller of a relay)
   * @param kemType the key-exchange type used
   */
  public record Reply(Outgoing records, List<KeyIndex> delivered, PublicKey requester,
      KemType kemType) {
    public Reply {
      delivered = List.copyOf(delivered);
    }
  }
}
