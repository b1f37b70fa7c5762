package io.msistream.kex.protocol;

import io.msistream.crypto.AuthenticationException;
import io.msistream.crypto.MalformedDataException;
import io.msistream.crypto.cert.CertKey;
import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.CertificateBuilder;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.ExchangeLeaves;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.Poison;
import io.msistream.crypto.cert.PublicKey;
import io.msistream.crypto.cert.ValidatedChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a key keeper marks its key requests, and how a producer recognises them (README, "Key
 * keeper"). Wire-compatible: the keeper adds the usage string {@value #USAGE} to its request
 * leaf's usages. Unknown usage strings are legal and chain validation intersects usages with the
 * chain's, so every validator (ours and Python's) drops the marker and accepts the request as
 * before.
 *
 * <p>A producer counts a delivery as a handoff to a keeper only if the leaf carries the marker
 * <em>and</em> the requester's chain without the leaf validates for {@code key-encrypt} on the
 * root, i.e. the requester is itself authorised to serve that root's keys. Anyone can add the
 * marker; only a node provisioned to produce on the root makes it count. A relayed request is
 * signed by the controller with the standard usages, so it never counts.
 */
public final class KeeperMark {
  /** The usage string a keeper adds to its request leaves. */
  public static final String USAGE = "key-keeper";

  /** A keeper's request leaf usages: the standard two, then the marker. */
  static final List<String> REQUEST_USAGES = List.of(NodeRole.Usage.REQUEST,
      NodeRole.Usage.SUBSCRIBE, USAGE);

  private KeeperMark() {}

  /**
   * A request leaf as {@link ExchangeLeaves#requestBody} makes it, with the marker added to the
   * usages.
   */
  static byte[] markedRequestBody(double expiry, String root, CertKey epks, byte[] random0) {
    CertificateBuilder b = CertificateBuilder.create().expiresAt(expiry)
        .poison(Poison.of(Poison.topics(root), new Poison.Usages(REQUEST_USAGES)));
    if (epks instanceof CertKey.Single s) {
      b.key(s.key());
    } else {
      b.keys(epks.keys());
    }
    return b.extraBin(random0).encode();
  }

  /**
   * True if a validated request (read from {@code value}) is a key keeper's: the leaf signed by
   * {@code request.requester()} lists {@value #USAGE} among its own usages, and the chain before
   * the leaf validates for {@code root} and {@code key-encrypt} with {@code validator}, ending in
   * the requester's key. Never throws: anything malformed is "not a keeper".
   */
  public static boolean isKeeperRequest(byte[] value, KeyRequest request, ChainValidator validator,
      double now) {
    return keeperProblem(value, request, validator, now).isEmpty();
  }

  /** Why {@link #isKeeperRequest} is false (empty when it is true); for logs and tests. */
  public static Optional<String> keeperProblem(byte[] value, KeyRequest request,
      ChainValidator validator, double now) {
    try {
      Chain chain = Chain.decode(value);
      if (chain.size() < 2) {
        return Optional.of("no chain before the leaf");
      }
      PublicKey signer = request.requester();
      Certificate leaf = Certificate.decode(signer.open(chain.item(chain.size() - 1)),
          "request leaf");
      if (!leaf.poison().usages().map(u -> u.contains(USAGE)).orElse(false)) {
        return Optional.of("the request leaf carries no " + USAGE + " marker");
      }
      List<byte[]> before = new ArrayList<>(chain.items());
      before.remove(before.size() - 1);
      ValidatedChain v = validator.validate(Chain.of(before), request.root(),
          NodeRole.Usage.ENCRYPT, now);
      if (v.singleKey().isEmpty() || !v.singleKey().get().sameKey(signer)) {
        return Optional.of("the leaf is not signed by the key the chain certifies");
      }
      return Optional.empty();
    } catch (ChainValidationException e) {
      return Optional.of("the requester's chain does not allow key-encrypt on " + request.root()
          + ": " + e.getMessage());
    } catch (MalformedDataException | AuthenticationException e) {
      return Optional.of(e.getMessage());
    }
  }
}
