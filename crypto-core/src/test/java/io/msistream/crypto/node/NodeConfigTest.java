package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  @Test
  void legacyLayoutsAreMigratedInMemory() throws Exception {
    String text = "[DEFAULT]\nnode_id : n\n[n-crypto]\nrot : base64#AAE=\nchainrot : base64#AAI=\n"
        + "chain : base64#kA==\nmaxage : 5\n[n-allowlist]\nprovisioners0 : base64#AAM=\n"
        + "[n-provisioners]\np1 : base64#AAQ=\np2 : base64#AAU=\n";
    NodeConfig c = NodeConfig.parse(text, "legacy.config");
    assertThat(c.migrated()).isTrue();
    assertThat(c.ini().ownRaw("n-crypto")).containsOnlyKeys("maxage");
    assertThat(c.ini().ownRaw("n-allowlist")).containsExactly(
        org.assertj.core.api.Assertions.entry("provisioners0", "base64#AAM="),
        org.assertj.core.api.Assertions.entry("rot0", "base64#AAE="),
        org.assertj.core.api.Assertions.entry("chainrot0", "base64#AAI="),
        org.assertj.core.api.Assertions.entry("provisioners1", "base64#AAQ="),
        org.assertj.core.api.Assertions.entry("provisioners2", "base64#AAU="));
    assertThat(c.ini().hasSection("n-provisioners")).isFalse();
    assertThat(c.chains()).containsKey(0);
    assertThat(c.chains().get(0).isEmpty()).isTrue();
    NodeConfig again = NodeConfig.parse(c.text(), "rewritten");
    assertThat(again.migrated()).isFalse();
  }

  @Test
  void maxageAndSettingsDefaultsAndOverrides() throws Exception {
    NodeConfig plain = NodeConfig.parse("[DEFAULT]\nnode_id : n\n", "x");
    assertThat(plain.maxage()).isEqualTo(86400);
    assertThat(plain.settings()).isEqualTo(ManagementSettings.defaults());
    NodeConfig zero = NodeConfig.parse("[DEFAULT]\nnode_id : n\n[n-crypto]\nmaxage : 0\n", "x");
    assertThat(zero.maxage()).isEqualTo(86400);
    NodeConfig custom = NodeConfig.parse("[DEFAULT]\nnode_id : n\ncrypto_sub_interval : 0.5\n[n]\n"
        + "topic_separator : _\ntopic_suffix_subs : _subs\ntopic_suffix_keys : _keys\n"
        + "topic_suffix_reqs : _reqs\nmgmt_poll_interval : 250\nmgmt_long_keyindex : False\n"
        + "mgmt_topic_chains : my-chains\n", "x");
    ManagementSettings s = custom.settings();
    assertThat(s.topicSeparator()).isEqualTo("_");
    assertThat(s.topicSuffixReqs()).isEqualTo("_reqs");
    assertThat(s.cryptoSubInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.mgmtPollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.mgmtLongKeyindex()).isFalse();
    assertThat(s.mgmtTopicChains()).isEqualTo("my-chains");
    assertThat(s.mgmtPollRecords()).isEqualTo(8);
  }

  @Test
  void badSettingsNameTheOption() throws Exception {
    for (String bad : new String[] {"mgmt_poll_records : many", "crypto_sub_interval : -1",
        "topic_suffix_subs : subs", "mgmt_long_keyindex : yes", "deser_initial_wait_intervals : 1.5"}) {
      NodeConfig c = NodeConfig.parse("[DEFAULT]\nnode_id : n\n[n]\n" + bad + "\n", "bad.config");
      String option = bad.substring(0, bad.indexOf(' '));
      assertThatThrownBy(c::settings).isInstanceOf(NodeFileException.class)
          .hasMessageContaining("bad.config").hasMessageContaining(option);
    }
    NodeConfig m = NodeConfig.parse("[DEFAULT]\nnode_id : n\n[n-crypto]\nmaxage : soon\n", "m.config");
    assertThatThrownBy(m::maxage).isInstanceOf(NodeFileException.class).hasMessageContaining("maxage");
  }

  @Test
  void nodeIdMustBeText() {
    assertThatThrownBy(() -> NodeConfig.parse("[DEFAULT]\nnode_id : 123\n", "num.config"))
        .isInstanceOf(NodeFileException.class).hasMessageContaining("node_id");
    assertThatThrownBy(() -> NodeConfig.parse("[DEFAULT]\nnode_id :\n", "empty.config"))
        .isInstanceOf(NodeFileException.class);
  }

  @Test
  void storedTextReadsBackLiterally() throws Exception {
    NodeConfig c = NodeConfig.parse("[DEFAULT]\nnode_id : n\n", "x")
        .with(null, "Pct", new ConfigValue.TextValue("50% done"))
        .with("crypto", "oldkeys", new ConfigValue.BytesValue(new byte[] {1, 2, 3}))
        .with(null, "flag", new ConfigValue.BoolValue(true))
        .with(null, "ratio", new ConfigValue.FloatValue(0.25));
    assertThat(c.text()).contains("pct : 50%% done\n", "oldkeys : base64#AQID\n", "flag : True\n",
        "ratio : 0.25\n");
    NodeConfig back = NodeConfig.parse(c.text(), "back");
    assertThat(back.value(null, "pct")).contains(new ConfigValue.TextValue("50% done"));
    assertThat(back.value("crypto", "oldkeys")).contains(new ConfigValue.BytesValue(new byte[] {1, 2, 3}));
    assertThat(back.without(null, "flag").value(null, "flag")).isEmpty();
  }

  @Test
  void fileReferencesResolveAgainstTheConfigFolder() throws Exception {
    NodeConfig c = NodeConfig.parse("[DEFAULT]\nnode_id : n\n[n]\ncryptokey : file#keys/n.crypto\n"
        + "ratchet : file#/abs/n.seed\nbad : n.seed\n", "x");
    Path cfg = dir.resolve("sub/n.config");
    assertThat(c.fileReference("cryptokey", cfg, "n.crypto")).isEqualTo(dir.resolve("sub/keys/n.crypto"));
    assertThat(c.fileReference("ratchet", cfg, "n.seed")).isEqualTo(Path.of("/abs/n.seed"));
    assertThat(c.fileReference("missing", cfg, "d.seed")).isEqualTo(dir.resolve("sub/d.seed"));
    assertThatThrownBy(() -> c.fileReference("bad", cfg, "x")).isInstanceOf(NodeFileException.class);
  }

  @Test
  void writesAtomically() throws Exception {
    Path f = dir.resolve("n.config");
    NodeConfig c = NodeConfig.parse("[DEFAULT]\nnode_id : n\n; gone\n[n]\na : 1\n", "n.config");
    c.with(null, "b", ConfigValue.IntValue.of(2)).write(f);
    assertThat(Files.readString(f)).isEqualTo("[DEFAULT]\nnode_id : n\n\n[n]\na : 1\nb : 2\n\n");
    assertThat(NodeConfig.read(f).value(null, "b")).contains(ConfigValue.IntValue.of(2));
  }
}
