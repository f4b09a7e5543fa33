Feature: The target root: mounting, binding, tearing down, and disabling GRUB
  mount-root mounts the root partition at /newroot and setup-chroot-binds binds /dev, /proc, /sys
  and /run into it; each mount is recorded, so a failure later unmounts exactly what is still
  mounted. teardown-chroot undoes everything at and below /newroot, newest first: a bind that will
  not go is a warning, a root that will not go fails the step (success means a clean disk). In a
  soft deprovision, disable-grub-config renames grub.cfg so the installed OS no longer boots, and
  unmount-root unmounts the root again.

  Background:
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
    And the host has the directories "/dev, /proc, /sys, /run"
    And the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
          {"node": "/dev/sda2", "start": 206848, "size": 3987423, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}
        ]}}
      """

  Scenario: mount-root mounts the root partition read-write at /newroot
    When the steps "detect-disk, parse-partitions, mount-root" run
    Then the step succeeds
    And the step detail is "/dev/sda2 mounted at /newroot as ext4"
    And the host's mounts are:
      """
      /dev/sda2 on /newroot (ext4)
      """
    And the mounts this run recorded are:
      """
      /dev/sda2 on /newroot (ext4)
      """

  Scenario: setup-chroot-binds binds the host's /dev, /proc, /sys and /run, in that order
    When the steps "detect-disk, parse-partitions, mount-root, setup-chroot-binds" run
    Then the step succeeds
    And the step detail is "bound /dev, /proc, /sys, /run into /newroot"
    And the mounts this run recorded are:
      """
      /dev/sda2 on /newroot (ext4)
      /dev on /newroot/dev (bind)
      /proc on /newroot/proc (bind)
      /sys on /newroot/sys (bind)
      /run on /newroot/run (bind)
      """

  Scenario: teardown-chroot unmounts the binds in reverse, then the root
    When the steps "detect-disk, parse-partitions, mount-root, setup-chroot-binds, teardown-chroot" run
    Then the step succeeds
    And the step detail is "unmounted /newroot/run, /newroot/sys, /newroot/proc, /newroot/dev, /newroot"
    And nothing is mounted

  Scenario: A bind that will not unmount is a warning; the rest is still undone
    Given the kernel refuses to unmount /newroot/sys because it is busy
    When the steps "detect-disk, parse-partitions, mount-root, setup-chroot-binds, teardown-chroot" run
    Then the step succeeds
    And the step detail says "left mounted: umount /newroot/sys"
    And the log warns "Could not unmount a bind of the target root"
    And the mounts this run recorded are:
      """
      /sys on /newroot/sys (bind)
      """

  Scenario: A root that will not unmount fails the step
    Given the kernel refuses to unmount /newroot because it is busy
    When the steps "detect-disk, parse-partitions, mount-root, setup-chroot-binds, teardown-chroot" run
    Then the step fails with "teardown failed: umount /newroot"
    And the mounts this run recorded are:
      """
      /dev/sda2 on /newroot (ext4)
      """

  Scenario: A failure after mount-root unmounts what is still mounted
    Given the command "resize2fs /dev/sda2" fails with exit 1: "resize2fs: Permission denied to resize filesystem"
    And /dev/sda2 holds an ext4 filesystem
    When the plan runs the steps "detect-disk, partprobe, parse-partitions, mount-root, setup-chroot-binds, grow-partition, resize-filesystem"
    Then the run failed at resize-filesystem with "resize2fs: Permission denied"
    And nothing is mounted

  Scenario: A root unmounted by hand is no failure
    Given the steps "detect-disk, parse-partitions, mount-root" have run
    And someone unmounted /newroot by hand
    When the step teardown-chroot runs
    Then the step succeeds
    And the step detail is "unmounted /newroot"
    And nothing is mounted

  Scenario: teardown-chroot with nothing mounted has nothing to do
    When the step teardown-chroot runs
    Then the step succeeds
    And the step detail is "nothing of this run is mounted at /newroot"

  Scenario: teardown-chroot leaves mounts outside the target root to their own steps
    Given efivarfs is mounted at /sys/firmware/efi/efivars by an earlier step
    When the steps "detect-disk, parse-partitions, mount-root, setup-chroot-binds, teardown-chroot" run
    Then the step succeeds
    And the host's mounts are:
      """
      efivarfs on /sys/firmware/efi/efivars (efivarfs)
      """

  Scenario: unmount-root unmounts the root of a soft deprovision
    When the steps "detect-disk, parse-partitions, mount-root, unmount-root" run
    Then the step succeeds
    And the step detail is "unmounted /newroot"
    And nothing is mounted

  Scenario Outline: disable-grub-config renames every grub.cfg it finds
    Given the installed OS has the file <config>
    When the steps "detect-disk, parse-partitions, mount-root, disable-grub-config" run
    Then the step succeeds
    And the step detail is "renamed <config> to *.bak"
    And the file <config>.bak in the target root exists
    And there is no file <config> in the target root

    Examples:
      | config               |
      | /boot/grub/grub.cfg  |
      | /boot/grub2/grub.cfg |

  Scenario: Without a grub.cfg there is nothing to disable, which is no failure
    When the steps "detect-disk, parse-partitions, mount-root, disable-grub-config" run
    Then the step succeeds
    And the step detail is "no grub.cfg found"
    And the log warns "grub.cfg not found"
