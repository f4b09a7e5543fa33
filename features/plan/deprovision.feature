Feature: Deprovision pipelines
  MODE=deprovision runs the hard pipeline: release RAID and LVM, wipe every disk (or secure-erase
  it with SECURE_ERASE), remove the EFI boot entries. MODE=soft-deprovision keeps the disk and
  only makes the installed OS unbootable by renaming its grub.cfg (spec provisioning.md §4).
  Neither ever kexecs. v0.0.1 also ran copy-provisioner-files and configure-dns here, which wrote
  into the ramdisk's empty /newroot and changed nothing on any disk; booty leaves them out.

  Scenario: The steps of a hard deprovision, in order
    Given the vars file:
      """
      MODE="deprovision"
      """
    When booty plans the run
    Then the pipeline is "hard deprovision"
    And the steps that run are, in order:
      | step               |
      | report-init        |
      | stop-raid          |
      | disable-lvm        |
      | wipe-disks         |
      | mount-efivarfs     |
      | remove-efi-entries |
      | report-success     |
      | flush-logs         |
      | reboot             |
    And "secure-erase-disks" is skipped because "SECURE_ERASE is false"

  Scenario: SECURE_ERASE replaces the wipe by a secure erase
    Given the vars file:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      """
    When booty plans the run
    Then "secure-erase-disks" runs because "SECURE_ERASE is true"
    And "wipe-disks" is skipped because "SECURE_ERASE is true: secure-erase-disks runs instead"
    And "stop-raid" runs before "secure-erase-disks"
    And "disable-lvm" runs before "secure-erase-disks"

  Scenario: The steps of a soft deprovision, in order
    Given the vars file:
      """
      MODE="soft-deprovision"
      """
    When booty plans the run
    Then the pipeline is "soft deprovision"
    And the steps that run are, in order:
      | step                |
      | report-init         |
      | detect-disk         |
      | partprobe           |
      | parse-partitions    |
      | mount-root          |
      | disable-grub-config |
      | unmount-root        |
      | report-success      |
      | flush-logs          |
      | reboot              |

  Scenario Outline: A <mode> never kexecs and never writes the installed OS's files
    Given the vars file:
      """
      MODE="<mode>"
      HOSTNAME="node-1"
      dns_resolver="10.0.0.53"
      """
    When booty plans the run
    Then "kexec" is not part of the plan
    And "load-kexec" is not part of the plan
    And "set-hostname" is not part of the plan
    And "configure-dns" is not part of the plan
    And "copy-provisioner-files" is not part of the plan
    And the plan passes the ordering check

    Examples:
      | mode             |
      | deprovision      |
      | soft-deprovision |

  Scenario: A hard deprovision touches no target root
    Given the vars file:
      """
      MODE="deprovision"
      """
    When booty plans the run
    Then no step that runs uses the target root

  Scenario: A soft deprovision changes the boot menu only while the root is mounted
    Given the vars file:
      """
      MODE="soft-deprovision"
      """
    When booty plans the run
    Then "mount-root" runs before "disable-grub-config"
    And "disable-grub-config" runs before "unmount-root"
    And "unmount-root" runs before "report-success"
