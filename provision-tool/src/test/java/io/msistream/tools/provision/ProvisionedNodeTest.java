package io.msistream.tools.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msistream.crypto.cert.Chain;
import io.msistream.crypto.cert.ChainValidationException;
import io.msistream.crypto.cert.ChainValidator;
import io.msistream.crypto.cert.NodeRole;
import io.msistream.crypto.cert.ProvisioningCerts;
import io.msistream.crypto.cert.ValidatedChain;
import io.msistream.crypto.node.Node;
import io.msistream.crypto.node.NodeConfig;
import io.msistream.crypto.node.SeedFile;
import io.msistream.crypto.record.RatchetState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nodes made here load through crypto-core and their chains validate, with the node's own root of
 * trust, exactly for the role's usages and the chosen topics; with the shared passwords they carry
 * the same root and provisioner keys and provisioner certificates as Python's nodes.
 */
class ProvisionedNodeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> ALL_USAGES = List.of(NodeRole.Usage.ENCRYPT,
      NodeRole.Usage.REQUEST, NodeRole.Usage.SUBSCRIBE);

  @TempDir Path tmp;

  static Passwords sharedPasswords() throws ProvisionException {
    return Passwords.of(PythonNode.ROT_PASSWORD.toCharArray(),
        PythonNode.PROVISIONING_PASSWORD.toCharArray());
  }

  static Stream<Arguments> roles() {
    List<Arguments> out = new ArrayList<>();
    for (NodeRole r : NodeRole.values()) {
      out.add(Arguments.of(r, List.of("openmsitest", "other_root"), 1L));
      out.add(Arguments.of(r, TopicRoots.ALL, null));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} pathlen {2}")
  @MethodSource("roles")
  void loadsAndValidatesForExactlyTheRolesUsagesAndTopics(NodeRole role, List<String> topics,
      Long pathlen) throws Exception {
    Answers a = new Answers(1, "node_" + role.name().toLowerCase(), role, topics, pathlen);
    double now = 1.7e9;
    Path dir = tmp.resolve(a.nodeId());
    Files.createDirectory(dir);
    try (Passwords pw = sharedPasswords();
        ProvisionedNode made = ProvisionedNode.create(a, pw, now, new SecureRandom(), "")) {
      made.writeTo(dir);
      try (Node node = Node.load(dir)) {
        assertThat(node.id()).isEqualTo(a.nodeId());
        assertThat(node.keys()).hasSize(1);
        assertThat(node.keys().get(0).key().publicKey()).isEqualTo(made.nodeKey());
        assertThat(node.kemTypes()).containsExactlyElementsOf(ProvisionedNode.KEM_TYPES);
        assertThat(node.legacy()).isFalse();
        assertThat(node.maxage()).isEqualTo(316224000.0);
        assertThat(node.allowlist()).hasSize(1);
        assertThat(HEX.formatHex(node.allowlist().get(0).encoded())).isEqualTo(
            "9300c40190c42094ac31cbf74e205b493cb4b2f9b8e20eb5640aef0a5d8ceaef83f8b414f4a0c3");
        Chain chain = node.keys().get(0).chain();
        assertThat(chain.size()).isEqualTo(2);
        ChainValidator v = ChainValidator.create(node.trust());
        List<String> roots = topics.equals(TopicRoots.ALL) ? List.of("anything", "openmsitest")
            : topics;
        for (String usage : ALL_USAGES) {
          for (String topic : roots) {
            if (role.usages().contains(usage)) {
              ValidatedChain ok = v.validate(chain, topic, usage, now + 10);
              assertThat(ok.singleKey()).contains(made.nodeKey());
              assertThat(ok.usages()).contains(role.usages());
              assertThat(ok.topics()).contains(topics);
              assertThat(ok.pathlen()).isEqualTo(pathlen == null ? OptionalLong.empty()
                  : OptionalLong.of(pathlen));
              assertThat(ok.expiry()).isEqualTo(now + 316224000);
            } else {
              assertThatThrownBy(() -> v.validate(chain, topic, usage, now + 10))
                  .isInstanceOf(ChainValidationException.class)
                  .extracting(e -> ((ChainValidationException) e).reason())
                  .isEqualTo(ChainValidationException.Reason.USAGE);
            }
          }
        }
        String usage = role.usages().get(0);
        if (!topics.equals(TopicRoots.ALL)) {
          assertThatThrownBy(() -> v.validate(chain, "not_mine", usage, now + 10))
              .isInstanceOf(ChainValidationException.class);
        }
        assertThatThrownBy(() -> v.validate(chain, roots.get(0), usage, now + 316224001))
            .isInstanceOf(ChainValidationException.class);
        try (RatchetState s = SeedFile.read(node.seedFile())) {
          assertThat(s.keyidx()).isZero();
          assertThat(HEX.formatHex(s.secret())).isEqualTo(made.seedBackupHex());
        }
      }
    }
  }

  @Test
  void configIsWhatNodeConfigProvisionedGives() throws Exception {
    Answers a = new Answers(1, "cfg_node", NodeRole.PRODCON_LIMITED, List.of("a", "b"), 3L);
    try (Passwords pw = sharedPasswords();
        ProvisionedNode made = ProvisionedNode.create(a, pw, 1.75e9 + 0.25, new SecureRandom(),
            "/some/ca.pem")) {
      Path dir = Files.createDirectory(tmp.resolve("cfg_node"));
      made.writeTo(dir);
      String expected = NodeConfig.provisioned("cfg_node",
          ProvisioningCerts.rootOfTrust(made.rootKey()), made.chain(), 316224000L, "/some/ca.pem")
          .text();
      assertThat(Files.readString(dir.resolve("cfg_node.config"))).isEqualTo(expected);
      assertThat(made.expiry()).isEqualTo(1.75e9 + 0.25 + 316224000);
    }
  }

  /** Same passwords, fresh randomness: same root, provisioner key and provisioner certificate. */
  @Test
  void sharesRootAndProvisionerCertificatesWithPythonNodes() throws Exception {
    for (PythonNode p : PythonNode.all()) {
      RoleChoice choice = RoleChoice.parse(Integer.toString(p.roleChoice()));
      NodeRole role = choice.role(Boolean.TRUE.equals(p.limited()));
      Answers a = new Answers(1, p.id(), role, p.certTopics(),
          Answers.parsePathlen(p.pathlenAnswer()));
      try (Passwords pw = sharedPasswords();
          ProvisionedNode ours = ProvisionedNode.create(a, pw, 1.7e9, new SecureRandom(), "");
          Node python = Node.load(p.folder())) {
        Chain theirs = python.keys().get(0).chain();
        assertThat(ours.chain().item(0)).as(p.id()).isEqualTo(theirs.item(0));
        assertThat(python.allowlist().get(0).encoded())
            .isEqualTo(ProvisioningCerts.rootOfTrust(ours.rootKey()));
        // the node certificates differ only in key and expiry
        assertThat(ours.chain().item(1)).isNotEqualTo(theirs.item(1));
        ChainValidator v = ChainValidator.create(python.trust());
        String topic = a.allTopics() ? "x" : a.topics().get(0);
        ValidatedChain fromPython = v.validate(theirs, topic, role.usages().get(0), 1.7e9);
        ValidatedChain fromUs = v.validate(ours.chain(), topic, role.usages().get(0), 1.7e9);
        assertThat(fromUs.poison()).isEqualTo(fromPython.poison());
        assertThat(fromUs.signers().subList(0, 2)).isEqualTo(fromPython.signers().subList(0, 2));
        assertThat(fromUs.singleKey()).contains(ours.nodeKey());
      }
    }
  }
}
