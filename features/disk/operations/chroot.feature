Feature: The target root is mounted with its chroot binds and always torn down
  v0.0.1 left half-made binds mounted and tore nothing down after an error (spec disk-and-image.md
  §2.15, §2.16). booty unmounts whatever it mounted, in reverse order, also when a step inside
  failed; a failing unmount is then added to that step's error instead of replacing it.

  Scenario: Binds come after the root and go before it
    Given the root partition "/dev/sda2" mounts as ext4
    When a step runs inside the target root and succeeds
    Then the mounts were made in the order "/newroot, /newroot/dev, /newroot/proc, /newroot/sys, /newroot/run"
    And the unmounts were made in the order "/newroot/run, /newroot/sys, /newroot/proc, /newroot/dev, /newroot"

  Scenario: A failing step still tears everything down, and its error is the one reported
    Given the root partition "/dev/sda2" mounts as ext4
    When a step runs inside the target root and fails with "grub-install failed"
    Then the step fails with "grub-install failed"
    And nothing is mounted any more

  Scenario: A failing unmount after a failing step is a note on the step's error
    Given the root partition "/dev/sda2" mounts as ext4
    And unmounting "/newroot" fails with EBUSY
    When a step runs inside the target root and fails with "grub-install failed"
    Then the step fails with "grub-install failed"
    And its error notes "teardown after this error also failed: umount /newroot: Device or resource busy"

  Scenario: The root filesystem type is tried in v0.0.1's order when it is not known
    Given the root partition "/dev/sda2" mounts as btrfs
    When a step runs inside the target root and succeeds
    Then the root was mounted as "btrfs" after trying "ext4, xfs"

  Scenario: A bind that fails undoes the mounts made before it
    Given the root partition "/dev/sda2" mounts as ext4
    And binding "/newroot/sys" fails with ENOENT
    When a step runs inside the target root and succeeds
    Then the step fails with "mount /newroot/sys: No such file or directory"
    And the unmounts were made in the order "/newroot/proc, /newroot/dev, /newroot"
