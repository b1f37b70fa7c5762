package io.msistream.crypto.cert;

import io.msistream.crypto.primitives.PasswordKeys;
import java.util.List;

/**
 * The node roles of simple-provision (spec 5.5): which provisioner certifies the node and which
 * usages its certificate grants.
 */
public enum NodeRole {
  /** Re-signs limited consumers' requests; certified by the consumer provisioner. */
  CONTROLLER(ProvisionerClass.CONSUMER, List.of(Usage.REQUEST)),
  PRODUCER(ProvisionerClass.PRODUCER, List.of(Usage.ENCRYPT)),
  CONSUMER(ProvisionerClass.CONSUMER, List.of(Usage.REQUEST, Usage.SUBSCRIBE)),
  /** A consumer that must go through a controller. */
  CONSUMER_LIMITED(ProvisionerClass.CONSUMER, List.of(Usage.SUBSCRIBE)),
  PRODCON(ProvisionerClass.PRODCON, List.of(Usage.ENCRYPT, Usage.REQUEST, Usage.SUBSCRIBE)),
  PRODCON_LIMITED(ProvisionerClass.PRODCON, List.of(Usage.ENCRYPT, Usage.SUBSCRIBE));

  private final ProvisionerClass provisioner;
  private final List<String> usages;

  NodeRole(ProvisionerClass provisioner, List<String> usages) {
    this.provisioner = provisioner;
    this.usages = usages;
  }

  /** The provisioner that signs this role's node certificates. */
  public ProvisionerClass provisioner() {
    return provisioner;
  }

  /** The usages written into the node certificate, in simple-provision's order. */
  public List<String> usages() {
    return usages;
  }

  /** The wire usage names (spec 5.3). */
  public static final class Usage {
    public static final String ENCRYPT = "key-encrypt";
    public static final String REQUEST = "key-encrypt-request";
    public static final String SUBSCRIBE = "key-encrypt-subscribe";
    public static final String ALLOWLIST = "key-allowlist";
    public static final String DENYLIST = "key-denylist";

    private Usage() {}
  }

  /** The three password-derived provisioners of simple-provision and their usages. */
  public enum ProvisionerClass {
    PRODUCER(PasswordKeys.Provisioner.PRODUCER, List.of(Usage.ENCRYPT)),
    CONSUMER(PasswordKeys.Provisioner.CONSUMER, List.of(Usage.REQUEST, Usage.SUBSCRIBE)),
    PRODCON(PasswordKeys.Provisioner.PRODCON, List.of(Usage.ENCRYPT, Usage.REQUEST, Usage.SUBSCRIBE));

    private final PasswordKeys.Provisioner passwordName;
    private final List<String> usages;

    ProvisionerClass(PasswordKeys.Provisioner passwordName, List<String> usages) {
      this.passwordName = passwordName;
      this.usages = usages;
    }

    /** How the provisioner's key is derived from the provisioning password. */
    public PasswordKeys.Provisioner passwordName() {
      return passwordName;
    }

    /** The usages of the provisioner's certificate. */
    public List<String> usages() {
      return usages;
    }
  }
}
