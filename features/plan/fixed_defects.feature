Feature: Ordering defects of v0.0.1 that booty fixes
  The original agent (spec provisioning.md §3 "anomalies", §6.3, caprf-and-config.md §4.7-4.8)
  wrote files into the target root before it was mounted, ran efibootmgr in an empty chroot, read
  the boot entry for kexec after unmounting the root, wiped every disk before it knew whether a
  target disk existed, and provisioned on any unknown MODE. Each scenario shows booty's order and
  that the ordering check refuses the old one.

  Background:
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      HOSTNAME="node-1"
      dns_resolver="10.0.0.53"
      """

  Scenario: Hostname, resolv.conf and provisioner files are written into the mounted root
    When booty plans the run
    Then "mount-root" runs before "set-hostname"
    And "mount-root" runs before "copy-provisioner-files"
    And "mount-root" runs before "configure-dns"

  Scenario Outline: Writing <step> before the root is mounted is refused
    Given booty's provision steps with "<step>" moved before "detect-disk"
    When the order is checked
    Then the check reports "<step>: needs root mounted, which no earlier step provides"

    Examples:
      | step                   |
      | set-hostname           |
      | copy-provisioner-files |
      | configure-dns          |

  Scenario: EFI boot entries are removed on the host, not in an empty chroot
    When booty plans the run
    Then "remove-efi-entries" runs on the host
    And "mount-efivarfs" runs before "remove-efi-entries"
    And "create-efi-boot-entry" runs on the host

  Scenario: Removing EFI entries through the chroot before the root is mounted is refused
    Given booty's provision steps with "remove-efi-entries" running inside the chroot
    When the order is checked
    Then the check reports "remove-efi-entries: runs inside the chroot but does not need chroot ready"

  Scenario: Even declaring the chroot does not make an empty chroot usable
    Given booty's provision steps with "remove-efi-entries" running inside the chroot it needs
    When the order is checked
    Then the check reports "remove-efi-entries: needs chroot ready, which no earlier step provides"

  Scenario: kexec reads the boot entry while the root is mounted, after success is reported and logs flushed
    When booty plans the run
    Then "load-kexec" runs before "teardown-chroot"
    And "report-success" runs before "kexec"
    And "flush-logs" runs before "kexec"

  Scenario: Reading the boot entry after the root is torn down is refused
    Given booty's provision steps with "load-kexec" moved after "teardown-chroot"
    When the order is checked
    Then the check reports "load-kexec: needs root mounted, which teardown-chroot released earlier"

  Scenario: kexec before the logs are flushed is refused
    Given booty's provision steps with "kexec" moved before "report-success"
    When the order is checked
    Then the check reports "kexec: needs logs flushed, which no earlier step provides"

  Scenario: The target disk is found before any disk is wiped
    When booty plans the run
    Then "detect-disk" runs before "wipe-disks"

  Scenario: Wiping before the target disk is known is refused
    Given booty's provision steps with "detect-disk" moved after "wipe-disks"
    When the order is checked
    Then the check reports "detect-disk: must run before wipe-disks: a missing target disk must fail the run before any wipe"

  Scenario Outline: An unknown MODE is an error, not a silent provision
    Given the vars file also sets MODE="<mode>"
    When booty plans the run
    Then planning is refused with the problem "vars:4: MODE: unknown MODE '<mode>' (expected one of: provision, deprovision, soft-deprovision, standby, dry-run)"

    Examples:
      | mode      |
      | hard      |
      | soft      |
      | provison  |
      | Provision |

  Scenario: A failed run never kexecs into a half-configured system
    v0.0.1 tried kexec after a failed run too. In booty kexec is a step, and a failed fatal step
    ends the run (error reported, logs flushed, reboot) before kexec is reached.
    When booty plans the run
    Then every fatal step except "reboot" runs before "kexec"
