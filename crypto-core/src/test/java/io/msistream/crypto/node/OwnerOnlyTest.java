package io.msistream.crypto.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
  @TempDir Path tmp;

  private static boolean posixDefault() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void onPosixNewFilesAre0600AndNewFolders0700FromTheStart() throws IOException {
    assumeTrue(posixDefault(), "POSIX file system");
    assertThat(OwnerOnly.available(tmp)).isEqualTo(OwnerOnly.Protection.POSIX_MODE);
    Path f = Files.createFile(tmp.resolve("s"), OwnerOnly.creationAttributes(tmp, false));
    Path d = Files.createDirectory(tmp.resolve("d"), OwnerOnly.creationAttributes(tmp, true));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
  }

  @Test
  void onPosixRestrictTightensExistingFilesAndFolders() throws IOException {
    assumeTrue(posixDefault(), "POSIX file system");
    Path f = Files.createFile(tmp.resolve("s"));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    Path d = Files.createDirectory(tmp.resolve("d"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(OwnerOnly.restrict(f)).isEqualTo(OwnerOnly.Protection.POSIX_MODE);
    assertThat(OwnerOnly.restrict(d)).isEqualTo(OwnerOnly.Protection.POSIX_MODE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
  }

  @Test
  void anExistingSeedIsTightenedWhenRewritten() throws Exception {
    assumeTrue(posixDefault(), "POSIX file system");
    Path seed = Files.write(tmp.resolve("n.seed"), new byte[] {1, 2, 3});
    Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-r--r--"));
    NodeFiles.rewriteSecretInPlace(seed, new byte[] {9});
    assertThat(Files.readAllBytes(seed)).containsExactly(9);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seed))).isEqualTo("rw-------");
  }

  @Test
  void theOwnerOnlyAclAllowsTheUserEverythingAndNobodyElseAnything() {
    UserPrincipal alice = new Named("alice");
    List<AclEntry> file = OwnerOnly.ownerOnlyAcl(alice, false);
    assertThat(file).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(AclEntryType.ALLOW);
      assertThat(e.principal()).isEqualTo(alice);
      assertThat(e.permissions()).isEqualTo(EnumSet.allOf(AclEntryPermission.class));
      assertThat(e.flags()).isEmpty();
    });
    assertThat(OwnerOnly.ownerOnlyAcl(alice, true)).singleElement().satisfies(e ->
        assertThat(e.flags()).containsExactlyInAnyOrder(AclEntryFlag.FILE_INHERIT,
            AclEntryFlag.DIRECTORY_INHERIT));
  }

  @Test
  void restrictingAnAclDropsTheInheritedEntries() throws IOException {
    UserPrincipal alice = new Named("alice");
    FakeAclView view = new FakeAclView(new ArrayList<>(List.of(
        AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(new Named("Users"))
            .setPermissions(AclEntryPermission.READ_DATA).setFlags(AclEntryFlag.INHERIT_ONLY).build(),
        AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(alice)
            .setPermissions(AclEntryPermission.READ_DATA).build())));
    OwnerOnly.restrict(view, alice, false);
    assertThat(view.getAcl()).isEqualTo(OwnerOnly.ownerOnlyAcl(alice, false));
  }

  /** The JDK's zip file system has neither POSIX modes (by default) nor ACLs, like FAT. */
  @Test
  void aFileSystemWithNeitherSaysSoAndSecretsAreStillWritten() throws Exception {
    Path zip = tmp.resolve("fs.zip");
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
        Map.of("create", "true"))) {
      Path dir = fs.getPath("/config_files");
      Files.createDirectory(dir);
      assertThat(OwnerOnly.available(dir)).isEqualTo(OwnerOnly.Protection.NONE);
      assertThat(OwnerOnly.creationAttributes(dir, false)).isEmpty();
      Path node = NodeFiles.createNodeDirectory(dir.resolve("n"));
      NodeFiles.replaceSecretAtomically(node.resolve("n.crypto"), "crypto".getBytes(StandardCharsets.UTF_8));
      NodeFiles.rewriteSecretInPlace(node.resolve("n.seed"), "seed1".getBytes(StandardCharsets.UTF_8));
      NodeFiles.rewriteSecretInPlace(node.resolve("n.seed"), "s2".getBytes(StandardCharsets.UTF_8));
      assertThat(Files.readString(node.resolve("n.crypto"))).isEqualTo("crypto");
      assertThat(Files.readString(node.resolve("n.seed"))).isEqualTo("s2");
      assertThat(OwnerOnly.restrict(node.resolve("n.seed"))).isEqualTo(OwnerOnly.Protection.NONE);
    }
  }

  private record Named(String getName) implements UserPrincipal {}

  private static final class FakeAclView implements AclFileAttributeView {
    private List<AclEntry> acl;

    FakeAclView(List<AclEntry> acl) {
      this.acl = acl;
    }

    @Override
    public String name() {
      return "acl";
    }

    @Override
    public List<AclEntry> getAcl() {
      return acl;
    }

    @Override
    public void setAcl(List<AclEntry> acl) {
      this.acl = List.copyOf(acl);
    }

    @Override
    public UserPrincipal getOwner() {
      return acl.get(0).principal();
    }

    @Override
    public void setOwner(UserPrincipal owner) {
      throw new UnsupportedOperationException();
    }
  }
}
