Feature: Which steps run for a configuration
  A plan lists every step of the pipeline; a step whose condition does not hold for the
  configuration is skipped, and the plan says why in the words of the /deploy/vars key
  (spec provisioning.md §2.2). What only the running machine can tell (is there a Mellanox NIC,
  an EFI system partition, a /deploy/machine-files directory) is decided by the step at run time,
  never in the plan.

  Scenario: The steps of a minimal provision, in order
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      """
    When booty plans the run
    Then the pipeline is "provision"
    And the steps that run are, in order:
      | step                   |
      | report-init            |
      | detect-disk            |
      | stop-raid              |
      | disable-lvm            |
      | mount-efivarfs         |
      | remove-efi-entries     |
      | wipe-disks             |
      | stream-image           |
      | partprobe              |
      | parse-partitions       |
      | check-filesystem       |
      | enable-lvm             |
      | mount-root             |
      | setup-chroot-binds     |
      | grow-partition         |
      | resize-filesystem      |
      | copy-provisioner-files |
      | configure-dns          |
      | configure-kubelet      |
      | configure-grub         |
      | copy-machine-files     |
      | run-machine-commands   |
      | create-efi-boot-entry  |
      | load-kexec             |
      | teardown-chroot        |
      | report-success         |
      | flush-logs             |
      | kexec                  |
      | reboot                 |

  Scenario Outline: <step> is skipped when <reason>
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      <line>
      """
    When booty plans the run
    Then "<step>" is skipped because "<reason>"

    Examples:
      | line                          | step                    | reason                                         |
      | INVENTORY_ENABLED="false"     | collect-inventory       | INVENTORY_ENABLED is false                     |
      | FIRMWARE_REPORT="false"       | collect-firmware        | FIRMWARE_REPORT is false                       |
      | HEALTH_CHECKS_ENABLED="false" | health-checks           | HEALTH_CHECKS_ENABLED is false                 |
      | HOSTNAME=""                   | set-hostname            | HOSTNAME is empty                              |
      | NUM_VFS="0"                   | setup-mellanox          | NUM_VFS is 0 (SR-IOV settings are left alone)  |
      | POST_PROVISION_CMDS=""        | run-post-provision-cmds | POST_PROVISION_CMDS is empty                   |
      | DISABLE_KEXEC="true"          | load-kexec              | DISABLE_KEXEC is true                          |
      | DISABLE_KEXEC="true"          | kexec                   | DISABLE_KEXEC is true                          |

  Scenario Outline: <step> runs when <reason>
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      <line>
      """
    When booty plans the run
    Then "<step>" runs because "<reason>"

    Examples:
      | line                          | step                    | reason                     |
      | INVENTORY_ENABLED="true"      | collect-inventory       | INVENTORY_ENABLED is true  |
      | FIRMWARE_REPORT="true"        | collect-firmware        | FIRMWARE_REPORT is true    |
      | HEALTH_CHECKS_ENABLED="true"  | health-checks           | HEALTH_CHECKS_ENABLED is true |
      | HOSTNAME="node-1"             | set-hostname            | HOSTNAME is set            |
      | dns_resolver=""               | configure-dns           | writes dns_resolver, or the resolvers DHCP learned when it is empty |
      | NUM_VFS="16"                  | setup-mellanox          | NUM_VFS is set             |
      | POST_PROVISION_CMDS="true"    | run-post-provision-cmds | POST_PROVISION_CMDS is set |
      | DISABLE_KEXEC="false"         | load-kexec              | DISABLE_KEXEC is false     |
      | DISABLE_KEXEC="false"         | kexec                   | DISABLE_KEXEC is false     |
      | SECURE_ERASE="true"           | wipe-disks              | always runs                |

  Scenario: With kexec disabled the run still reports, flushes its logs and reboots
    Given the vars file:
      """
      IMAGE="https://images.example/os.img.gz"
      DISABLE_KEXEC="true"
      """
    When booty plans the run
    Then "report-success" runs before "flush-logs"
    And "flush-logs" runs before "reboot"
    And the plan passes the ordering check

  Scenario: A provision without an image is refused before anything is touched
    Given the vars file:
      """
      HOSTNAME="node-1"
      """
    When booty plans the run
    Then the plan is blocked because "IMAGE is empty: there is no image to write"

  Scenario: A provision with an image is not blocked
    Given the vars file:
      """
      IMAGE="oci://registry.example/os:1.2"
      """
    When booty plans the run
    Then the plan is not blocked
