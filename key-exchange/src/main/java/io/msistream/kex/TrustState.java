package io.msistream.kex;

import io.msistream.crypto.cert.Certificate;
import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.ManagementUpdates;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.TrustLists;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.node.ConfigValue;
import io.msistream.crypto.node.NodeFileException;
import io.msistream.kex.protocol.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's trust and identity as they change at run time (spec 7): its signers (signing keys
 * with chains, replaced by valid {@code chains} records for our keys), its allowlist and denylist
 * (extended by {@code allowlist}/{@code denylist} records), the validator built from them, and
 * whether its chain lets it ask producers directly. Changes are persisted to the config and take
 * effect at once. Reads are lock-free.
 */
final class TrustState {
  private static final Logger LOG = LoggerFactory.getLogger(TrustState.class);

  private final ConfigStore config;
  private final List<Integer> keyIndexes;
  private volatile List<Signer> signers;
  private volatile TrustLists lists;
  private volatile ChainValidator validator;
  private volatile boolean direct;

  /**
   * @param keyIndexes each signer's position in the {@code .crypto} file (its {@code chain<i>})
   */
  TrustState(List<Signer> signers, List<Integer> keyIndexes, List<Certificate> allow,
      List<Certificate> deny, ConfigStore config, double now) {
    this.config = config;
    this.keyIndexes = List.copyOf(keyIndexes);
    this.signers = List.copyOf(signers);
    this.lists = TrustLists.of(allow, deny);
    this.validator = ChainValidator.create(lists);
    this.direct = computeDirect(now);
  }

  List<Signer> signers() {
    return signers;
  }

  ChainValidator validator() {
    return validator;
  }

  /** True if requests may go straight to {@code R.reqs} (our chain grants key-encrypt-request). */
  boolean mayRequestDirectly() {
    return direct;
  }

  private boolean computeDirect(double now) {
    for (Signer s : signers) {
      if (s.chain().isEmpty()) {
        return true;
      }
      try {
        validator.validate(s.chain(), null, NodeRole.Usage.REQUEST, now);
        return true;
      } catch (ChainValidationException e) {
        // this chain cannot ask producers directly
      }
    }
    return false;
  }

  /**
   * A {@code chains} record. For one of our keys, a valid chain whose combined expiry is not
   * earlier than the current one's replaces it (the intended rule of pitfall 8).
   *
   * @return true if a chain was replaced
   * @throws ChainValidationException if the record is for our key but not acceptable
   */
  synchronized boolean applyChain(byte[] recordKey, byte[] value, double now)
      throws ChainValidationException, NodeFileException {
    List<Signer> current = signers;
    for (int i = 0; i < current.size(); i++) {
      Signer s = current.get(i);
      Optional<ValidatedChain> v = ManagementUpdates.chainUpdate(recordKey, value,
          s.key().publicKey(), validator, now);
      if (v.isEmpty()) {
        continue;
      }
      Chain chain;
      try {
        chain = Chain.decode(value);
      } catch (io.msistream.crypto.MalformedDataException e) {
        return false; // cannot happen: it validated
      }
      if (chain.equals(s.chain()) || !notEarlier(v.get().expiry(), s.chain(), now)) {
        return false;
      }
      int index = keyIndexes.get(i);
      config.update(c -> c.with("chains", "chain" + index, new ConfigValue.BytesValue(value)));
      List<Signer> next = new ArrayList<>(current);
      next.set(i, s.withChain(chain));
      signers = List.copyOf(next);
      direct = computeDirect(now);
      LOG.info("Installed a new chain for signing key {} from the chains topic", index);
      return true;
    }
    return false;
  }

  private boolean notEarlier(double newExpiry, Chain old, double now) {
    if (old.isEmpty()) {
      return true;
    }
    try {
      double oldExpiry = validator.validate(old, null, null, now).expiry();
      return newExpiry == 0 || (oldExpiry != 0 && newExpiry >= oldExpiry);
    } catch (ChainValidationException e) {
      return true; // the old chain no longer validates: anything valid is better
    }
  }

  /**
   * An {@code allowlist} or {@code denylist} record: its entry is added at once.
   *
   * @return true if the entry was new
   * @throws ChainValidationException if the record is not a valid update
   */
  synchronized boolean applyListUpdate(ManagementUpdates.ListKind kind, byte[] value, double now)
      throws ChainValidationException, NodeFileException {
    ManagementUpdates.ListEntry e = ManagementUpdates.listUpdate(kind, value, validator, now);
    boolean allow = kind == ManagementUpdates.ListKind.ALLOWLIST;
    List<Certificate> list = new ArrayList<>(allow ? lists.allowlist() : lists.denylist());
    if (list.contains(e.entry())) {
      return false;
    }
    config.update(c -> c.with(allow ? "allowlist" : "denylist", e.name(),
        new ConfigValue.BytesValue(e.entry().encoded())));
    list.add(e.entry());
    lists = allow ? TrustLists.of(list, lists.denylist()) : TrustLists.of(lists.allowlist(), list);
    validator = ChainValidator.create(lists);
    direct = computeDirect(now);
    LOG.info("Added an entry to the {} from the {} topic", allow ? "allowlist" : "denylist",
        allow ? "allowlist" : "denylist");
    return true;
  }
}
