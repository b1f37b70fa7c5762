package io.msistream.kex.protocol;

import io.msistream.crypto.cert.ExchangeLeaves;
import java.util.ArrayList;
import java.util.List;

/**
 * A controller's relay (spec 6.4): a request read from {@code R.subs} and validated for
 * {@code key-encrypt-subscribe} is re-signed by the controller, with the consumer's EPKS and
 * random0 unchanged, for {@code R.reqs}, under the same record key. The producer then validates
 * the controller's chain for {@code key-encrypt-request}. Stateless.
 */
public final class Relay {
  private Relay() {}

  /**
   * The relayed request.
   *
   * @param subscribed the validated request from {@code R.subs}
   * @param signers the controller's signing keys and chains
   * @param expiry the new leaf's expiry (now + the controller's maxage)
   */
  public static Outgoing relay(KeyRequest subscribed, List<Signer> signers, double expiry) {
    byte[] body = ExchangeLeaves.requestBody(expiry, subscribed.root(), subscribed.epksField(),
        subscribed.random0());
    List<byte[]> values = new ArrayList<>();
    for (Signer s : Responder.signersFor(signers, subscribed.rootOfTrust())) {
      values.add(s.sign(subscribed.root(), ExchangeLeaves.REQUEST_USAGES, expiry, body));
    }
    return new Outgoing(subscribed.root(), subscribed.recordKey(), values);
  }
}
