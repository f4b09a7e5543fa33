Feature: Boot Loader Specification entries, as GRUB's blscfg reads them
  RHEL 8 and later, CentOS Stream and Fedora keep one file per kernel in loader/entries and a
  grub.cfg that only says `blscfg`. GRUB lists the files newest first by their name read as an
  RPM name-version-release (RHEL 8's GRUB by their version key first), expands `$kernelopts` and
  friends from grub.cfg and grubenv, and its `default` names an entry by file name (saved_entry),
  title or index.

  Background:
    Given the BLS entry "d1f6a0b2c3d4e5f60718293a4b5c6d7e-5.14.0-70.13.1.el9_0.x86_64.conf":
      """
      title Red Hat Enterprise Linux (5.14.0-70.13.1.el9_0.x86_64) 9.0 (Plow)
      version 5.14.0-70.13.1.el9_0.x86_64
      linux /vmlinuz-5.14.0-70.13.1.el9_0.x86_64
      initrd /initramfs-5.14.0-70.13.1.el9_0.x86_64.img $tuned_initrd
      options root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M $tuned_params
      grub_users $grub_users
      grub_arg --unrestricted
      grub_class rhel
      """
    And the BLS entry "d1f6a0b2c3d4e5f60718293a4b5c6d7e-5.14.0-162.6.1.el9_1.x86_64.conf":
      """
      title Red Hat Enterprise Linux (5.14.0-162.6.1.el9_1.x86_64) 9.1 (Plow)
      version 5.14.0-162.6.1.el9_1.x86_64
      linux /vmlinuz-5.14.0-162.6.1.el9_1.x86_64
      initrd /initramfs-5.14.0-162.6.1.el9_1.x86_64.img $tuned_initrd
      options root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M $tuned_params
      grub_class rhel
      """
    And the BLS entry "d1f6a0b2c3d4e5f60718293a4b5c6d7e-0-rescue.conf":
      """
      title Red Hat Enterprise Linux (0-rescue-d1f6a0b2c3d4e5f60718293a4b5c6d7e) 9.1 (Plow)
      version 0-rescue-d1f6a0b2c3d4e5f60718293a4b5c6d7e
      linux /vmlinuz-0-rescue-d1f6a0b2c3d4e5f60718293a4b5c6d7e
      initrd /initramfs-0-rescue-d1f6a0b2c3d4e5f60718293a4b5c6d7e.img
      options root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M
      grub_class rhel
      """

  Scenario: Entries are listed newest first, whatever order the files are read in
    Given the grub.cfg:
      """
      set tuned_params=""
      set tuned_initrd=""
      blscfg
      """
    When booty chooses the default entry
    Then the boot entries are:
      | title                                                                    | menu position |
      | Red Hat Enterprise Linux (5.14.0-162.6.1.el9_1.x86_64) 9.1 (Plow)        | 0             |
      | Red Hat Enterprise Linux (5.14.0-70.13.1.el9_0.x86_64) 9.0 (Plow)        | 1             |
      | Red Hat Enterprise Linux (0-rescue-d1f6a0b2c3d4e5f60718293a4b5c6d7e) 9.1 (Plow) | 2      |
    And the default entry is "Red Hat Enterprise Linux (5.14.0-162.6.1.el9_1.x86_64) 9.1 (Plow)"
    And the default entry has the initrds ["/initramfs-5.14.0-162.6.1.el9_1.x86_64.img"]
    And the default entry has the command line "root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M"

  Scenario Outline: RHEL 8's GRUB lists by the version key, Fedora's and RHEL 9's by the file name
    An image built under one machine id and booted under another names the next kernel's entry
    after the new id, here one that compares as older than the old id ("a0b1..." < "d1f6...").
    Given GRUB orders BLS entries by <order>
    And the BLS entry "a0b1c2d3e4f5061728394a5b6c7d8e9f-5.14.0-284.11.1.el9_2.x86_64.conf":
      """
      title Red Hat Enterprise Linux (5.14.0-284.11.1.el9_2.x86_64) 9.2 (Plow)
      version 5.14.0-284.11.1.el9_2.x86_64
      linux /vmlinuz-5.14.0-284.11.1.el9_2.x86_64
      options root=/dev/mapper/rhel-root ro
      """
    And the grub.cfg:
      """
      blscfg
      """
    When booty chooses the default entry
    Then the default entry has kernel "<kernel>"

    Examples:
      | order           | kernel                                  |
      | the version key | /vmlinuz-5.14.0-284.11.1.el9_2.x86_64   |
      | the file name   | /vmlinuz-5.14.0-162.6.1.el9_1.x86_64    |

  Scenario: saved_entry names an entry by its file name
    Given the grub.cfg:
      """
      load_env
      set default="${saved_entry}"
      blscfg
      """
    And the grubenv holds:
      | name        | value                                                         |
      | saved_entry | d1f6a0b2c3d4e5f60718293a4b5c6d7e-5.14.0-70.13.1.el9_0.x86_64 |
    When booty chooses the default entry
    Then the default entry is "Red Hat Enterprise Linux (5.14.0-70.13.1.el9_0.x86_64) 9.0 (Plow)"
    And the reason says "matches the id of"

  Scenario: kernelopts and tuned variables come from grubenv and grub.cfg (RHEL 8)
    Given the BLS entry "d1f6a0b2c3d4e5f60718293a4b5c6d7e-4.18.0-372.9.1.el8.x86_64.conf":
      """
      title Red Hat Enterprise Linux (4.18.0-372.9.1.el8.x86_64) 8.6 (Ootpa)
      linux /vmlinuz-4.18.0-372.9.1.el8.x86_64
      initrd /initramfs-4.18.0-372.9.1.el8.x86_64.img $tuned_initrd
      options $kernelopts $tuned_params
      """
    And the grub.cfg:
      """
      load_env
      set default="${saved_entry}"
      set tuned_params="isolcpus=1-3"
      set tuned_initrd="/tuned.img"
      if [ -z "${kernelopts}" ]; then
        set kernelopts="root=/dev/sda1 ro fallback"
      fi
      blscfg
      """
    And the grubenv holds:
      | name        | value                                                        |
      | saved_entry | d1f6a0b2c3d4e5f60718293a4b5c6d7e-4.18.0-372.9.1.el8.x86_64  |
      | kernelopts  | root=/dev/mapper/rhel-root ro rhgb quiet                     |
    When booty chooses the default entry
    Then the default entry has the command line "root=/dev/mapper/rhel-root ro rhgb quiet isolcpus=1-3"
    And the default entry has the initrds ["/initramfs-4.18.0-372.9.1.el8.x86_64.img", "/tuned.img"]

  Scenario: Without options, default_kernelopts is used
    Given the BLS entry "zz-1.0-1.conf":
      """
      title No options
      linux /vmlinuz-zz
      """
    And the grub.cfg:
      """
      set default_kernelopts="root=/dev/vda1 ro"
      set default=zz-1.0-1
      blscfg
      """
    When booty chooses the default entry
    Then the default entry is "No options"
    And the default entry has the command line "root=/dev/vda1 ro"
    And the default entry has no initrd

  Scenario: An entry without a linux line is skipped, and a title falls back to the kernel path
    Given the BLS entry "aa-1-1.conf":
      """
      title Not bootable
      options quiet
      """
    And the BLS entry "ab-1-1.conf":
      """
      linux /vmlinuz-untitled
      """
    And the grub.cfg:
      """
      set default=ab-1-1
      blscfg
      """
    When booty chooses the default entry
    Then the default entry is "/vmlinuz-untitled"
    And GRUB reports a problem on line 2

  Scenario: GRUB stops reading an entry at an empty line
    Given the BLS entry "cut-1-1.conf":
      """
      title Cut short
      linux /vmlinuz-cut

      options never-read
      """
    And the grub.cfg:
      """
      set default=cut-1-1
      blscfg
      """
    When booty chooses the default entry
    Then the default entry has an empty command line

  Scenario Outline: GRUB's version order
    Then "<newer>" sorts before "<older>" in GRUB's menu

    Examples:
      | newer                              | older                              |
      | m-5.14.0-162.6.1.el9_1.x86_64      | m-5.14.0-70.13.1.el9_0.x86_64      |
      | m-6.8.10-300.fc40                  | m-6.8.10~rc1-300.fc40              |
      | m-6.10.0-1.fc41                    | m-6.9.12-1.fc41                    |
      | m-1.0-1.fc40+debug                 | m-1.0-1.fc40                       |
      | m-4.18.0-80.11.2.el8_0             | m-4.18.0-80.el8                    |
      | m-4.18.0-80.el8                    | m-0-rescue                         |
      | b-1.0-1                            | a-9.0-9                            |
