Feature: The order of the steps of a pipeline
  A pipeline is data (spec provisioning.md §2-§4): an ordered list of steps, each saying what it
  needs from earlier steps and what it provides for later ones, plus a table of ordering rules
  that no data dependency expresses. booty checks every plan against these rules:

    1. Every step's needs are provided by an earlier step that runs, and not released since
       (after teardown-chroot nothing may use the target root or the chroot).
    2. report-init runs first; nothing destructive runs before it.
    3. A pipeline never goes back a phase: pre-flight, prepare, install, configure, finish, boot.
       So inventory, firmware and health checks run before anything destructive, and a
       critically unhealthy machine is never wiped.
    4. The target disk is chosen before any disk is wiped, so a missing disk fails the run
       while every disk is still intact.
    5. RAID arrays are stopped and LVM volume groups deactivated before disks are wiped.
    6. Disks are wiped before the image is written, never after.
    7. The kernel re-reads the partition table the image wrote before booty reads it.
    8. The root filesystem is checked while unmounted, and LVM is active before it is mounted.
    9. Nothing is written into the target root, and nothing runs in the chroot, before the root
       is mounted (and the chroot binds are set up).
   10. The partition is grown before the filesystem.
   11. Machine files are copied before machine commands and post-provision commands run, and
       post-provision commands run last.
   12. Old EFI boot entries are removed before the new one is created.
   13. The boot entry for kexec is read while the root is still mounted.
   14. Success is reported only after the target root is unmounted, logs are flushed after the
       outcome is reported, and the machine kexecs or reboots only after that.

  Background:
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      HOSTNAME="node-1"
      dns_resolver="10.0.0.53"
      INVENTORY_ENABLED="true"
      FIRMWARE_REPORT="true"
      HEALTH_CHECKS_ENABLED="true"
      NUM_VFS="8"
      POST_PROVISION_CMDS="apt-get update; systemctl enable kubelet"
      """

  Scenario Outline: <earlier> runs before <later>
    When booty plans the run
    Then "<earlier>" runs before "<later>"

    Examples: Data dependencies: each later step needs what the earlier one provides
      | earlier                | later                   |
      | detect-disk            | stream-image            |
      | detect-disk            | partprobe               |
      | detect-disk            | parse-partitions        |
      | detect-disk            | grow-partition          |
      | detect-disk            | create-efi-boot-entry   |
      | partprobe              | parse-partitions        |
      | parse-partitions       | check-filesystem        |
      | parse-partitions       | mount-root              |
      | parse-partitions       | grow-partition          |
      | parse-partitions       | create-efi-boot-entry   |
      | mount-root             | setup-chroot-binds      |
      | mount-root             | set-hostname            |
      | mount-root             | copy-provisioner-files  |
      | mount-root             | configure-dns           |
      | mount-root             | configure-kubelet       |
      | mount-root             | copy-machine-files      |
      | mount-root             | create-efi-boot-entry   |
      | setup-chroot-binds     | configure-grub          |
      | setup-chroot-binds     | run-machine-commands    |
      | setup-chroot-binds     | run-post-provision-cmds |
      | grow-partition         | resize-filesystem       |
      | mount-efivarfs         | remove-efi-entries      |
      | mount-efivarfs         | create-efi-boot-entry   |
      | configure-grub         | load-kexec              |
      | load-kexec             | teardown-chroot         |
      | run-post-provision-cmds | teardown-chroot         |
      | report-success         | flush-logs              |
      | flush-logs             | kexec                   |
      | flush-logs             | reboot                  |
      | load-kexec             | kexec                   |

    Examples: Rules of the ordering table (STEP_CONSTRAINTS)
      | earlier                | later                   |
      | stream-image           | partprobe               |
      | check-filesystem       | mount-root              |
      | enable-lvm             | mount-root              |
      | remove-efi-entries     | create-efi-boot-entry   |
      | stop-raid              | wipe-disks              |
      | disable-lvm            | wipe-disks              |
      | wipe-disks             | stream-image            |
      | detect-disk            | wipe-disks              |
      | copy-machine-files     | run-post-provision-cmds |
      | run-machine-commands   | run-post-provision-cmds |
      | teardown-chroot        | report-success          |
      | kexec                  | reboot                  |

    Examples: Pre-flight before anything destructive
      | earlier                | later                   |
      | report-init            | collect-inventory       |
      | collect-inventory      | health-checks           |
      | collect-firmware       | health-checks           |
      | health-checks          | detect-disk             |
      | health-checks          | remove-efi-entries      |
      | health-checks          | setup-mellanox          |
      | health-checks          | wipe-disks              |

  Scenario: The first step is report-init and nothing destructive comes before it
    When booty plans the run
    Then the first step that runs is "report-init"
    And no destructive step runs before "report-init"

  Scenario: Every step the provision pipeline may run is in a sound order
    When booty plans the run
    Then every step of the pipeline passes the ordering check

  Scenario Outline: The plan of MODE=<mode> passes the ordering check
    Given the vars file also sets MODE="<mode>"
    And the vars file also sets SECURE_ERASE="<secure erase>"
    When booty plans the run
    Then the plan passes the ordering check
    And every step of the pipeline passes the ordering check

    Examples:
      | mode             | secure erase |
      | provision        | false        |
      | provision        | true         |
      | dry-run          | false        |
      | deprovision      | false        |
      | deprovision      | true         |
      | soft-deprovision | false        |

  Scenario: A plan with a step before the one that provides its need is refused
    Given booty's provision steps with "stream-image" moved before "detect-disk"
    When the order is checked
    Then the check reports "stream-image: needs target disk, which no earlier step provides"

  Scenario: A plan that breaks a rule of the ordering table is refused with the rule's reason
    Given booty's provision steps with "check-filesystem" moved after "mount-root"
    When the order is checked
    Then the check reports "check-filesystem: must run before mount-root: e2fsck repairs only an unmounted filesystem"

  Scenario: A plan that goes back a phase is refused
    Given booty's provision steps with "health-checks" moved after "stop-raid"
    When the order is checked
    Then the check reports "health-checks: is a pre-flight step but runs after stop-raid, a prepare step"

  Scenario: Booty's own pipelines pass the check unchanged
    Given booty's provision steps
    When the order is checked
    Then the check reports nothing
