package io.msistream.crypto.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders that only their owner may use, on any file system: POSIX modes 0600/0700 where
 * the file system has them (Linux, macOS), otherwise an access control list granting the current
 * user alone everything (Windows NTFS: the new object gets that ACL instead of the ACL it would
 * inherit, e.g. {@code Users: read} under {@code C:\ProgramData}). A file system with neither (FAT,
 * some network shares) cannot protect secrets: {@link #available} says so, and callers warn.
 *
 * <p>On Windows, an ACL set this way is not marked as protected from inheritance: an administrator
 * who later re-applies the parent folder's ACL to its children (Explorer, {@code icacls /T}) widens
 * it again.
 */
public final class OwnerOnly {
  /** How files in a folder can be restricted to their owner. */
  public enum Protection {
    /** POSIX modes 0600 (files) and 0700 (folders). */
    POSIX_MODE,
    /** An ACL whose only entry allows the current user everything. */
    OWNER_ACL,
    /** Neither: anyone who can read the folder can read the files. */
    NONE
  }

  private static final Set<PosixFilePermission> FILE_MODE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> FOLDER_MODE = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE);

  private OwnerOnly() {}

  /** What the file system holding {@code existing} (a file or folder that exists) offers. */
  public static Protection available(Path existing) {
    if (Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null) {
      return Protection.POSIX_MODE;
    }
    if (Files.getFileAttributeView(existing, AclFileAttributeView.class) != null) {
      return Protection.OWNER_ACL;
    }
    return Protection.NONE;
  }

  /**
   * Attributes that create a file or folder in {@code dir} (which exists) usable by the current
   * user only, from its first moment; none where the file system has no way to say it.
   *
   * @param folder whether a folder is created (0700, and an ACL its new entries inherit)
   */
  public static FileAttribute<?>[] creationAttributes(Path dir, boolean folder)
      throws IOException {
    return switch (available(dir)) {
      case POSIX_MODE -> new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(folder ? FOLDER_MODE : FILE_MODE)};
      case OWNER_ACL -> new FileAttribute<?>[] {aclAttribute(ownerOnlyAcl(currentUser(dir), folder))};
      case NONE -> new FileAttribute<?>[0];
    };
  }

  /**
   * Restricts an existing file or folder (the target of a symbolic link) to the current user:
   * mode 0600/0700, or the owner-only ACL.
   *
   * @return what was done ({@link Protection#NONE}: nothing could be)
   */
  public static Protection restrict(Path p) throws IOException {
    boolean folder = Files.isDirectory(p);
    PosixFileAttributeView posix = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    if (posix != null) {
      posix.setPermissions(folder ? FOLDER_MODE : FILE_MODE);
      return Protection.POSIX_MODE;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(p, AclFileAttributeView.class);
    if (acl != null) {
      restrict(acl, currentUser(p), folder);
      return Protection.OWNER_ACL;
    }
    return Protection.NONE;
  }

  /** Replaces the view's ACL by the owner-only one for {@code user}. */
  static void restrict(AclFileAttributeView view, UserPrincipal user, boolean folder)
      throws IOException {
    view.setAcl(ownerOnlyAcl(user, folder));
  }

  /**
   * The ACL granting {@code user} alone every permission; for a folder the entry is inherited by
   * the files and folders created in it.
   */
  static List<AclEntry> ownerOnlyAcl(UserPrincipal user, boolean folder) {
    AclEntry.Builder b = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(user)
        .setPermissions(EnumSet.allOf(AclEntryPermission.class));
    if (folder) {
      b.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
    }
    return List.of(b.build());
  }

  /**
   * The user this program runs as, as the file system names it: looked up by {@code user.name};
   * where that fails, the owner of {@code near} (which this user normally created).
   */
  static UserPrincipal currentUser(Path near) throws IOException {
    String name = System.getProperty("user.name");
    if (name != null && !name.isEmpty()) {
      try {
        return near.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
      } catch (IOException | UnsupportedOperationException e) {
        // fall back to the owner below
      }
    }
    return Files.getOwner(near);
  }

  private static FileAttribute<List<AclEntry>> aclAttribute(List<AclEntry> acl) {
    return new FileAttribute<>() {
      @Override
      public String name() {
        return "acl:acl";
      }

      @Override
      public List<AclEntry> value() {
        return acl;
      }
    };
  }
}
