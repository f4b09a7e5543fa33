Feature: Choosing the target disk (detect-disk)
  detect-disk picks the disk the image goes to by the domain's rules: the disk DISK_DEVICE names,
  else NVMe before anything else, then the largest disk; equally good disks are refused rather
  than guessed. Every disk that lost is logged with the reason. Only the target is approved for
  the wipe that follows: a provision never clears a disk it did not choose (v0.0.1 wiped every
  local disk). A dry run runs this step too, to show the choice.

  Background:
    Given the machine has the disks:
      | name    | size    | notes     |
      | loop0   | 1 GiB   |           |
      | nvme0n1 | 480 GiB |           |
      | sda     | 960 GiB |           |
      | sdb     | 32 GiB  | removable |

  Scenario: An NVMe disk wins over a larger SATA disk
    When the step detect-disk runs
    Then the step succeeds
    And the target disk is /dev/nvme0n1
    And the step detail is "/dev/nvme0n1 chosen by preference"

  Scenario Outline: Every disk that lost is logged with its reason
    When the step detect-disk runs
    Then the log records that <disk> was not chosen: "<reason>"

    Examples:
      | disk       | reason                               |
      | /dev/sda   | not preferred: /dev/nvme0n1 is NVMe  |
      | /dev/sdb   | removable                            |
      | /dev/loop0 | not a physical disk: loop device     |

  Scenario: Only the target is approved for wiping, not the other eligible disks
    When the step detect-disk runs
    Then the disks approved for wiping are "/dev/nvme0n1"

  Scenario: DISK_DEVICE names the target
    Given the deploy vars also set DISK_DEVICE="/dev/sda"
    When the step detect-disk runs
    Then the target disk is /dev/sda
    And the step detail is "/dev/sda chosen by DISK_DEVICE"

  Scenario: A disk DISK_DEVICE names must pass the safety checks
    Given the deploy vars also set DISK_DEVICE="/dev/sdb"
    When the step detect-disk runs
    Then the step fails with "/dev/sdb, chosen by DISK_DEVICE, cannot be used: removable"
    And the log records that /dev/sdb was not chosen: "removable"

  Scenario: A lab's loop device named by DISK_DEVICE is used, and approved alone
    Given the deploy vars also set DISK_DEVICE="/dev/loop0"
    When the step detect-disk runs
    Then the target disk is /dev/loop0
    And the disks approved for wiping are "/dev/loop0"
    And the step detail is "/dev/loop0 chosen by DISK_DEVICE, forced past: not a physical disk: loop device"
    And the log warns "DISK_DEVICE names a loop device: using it"

  Scenario: A loop device in use is refused even when DISK_DEVICE names it
    Given the machine has the disks:
      | name  | size  | notes           |
      | loop0 | 1 GiB | mounted at /srv |
      | sda   | 1 GiB |                 |
    And the deploy vars also set DISK_DEVICE="/dev/loop0"
    When the step detect-disk runs
    Then the step fails with "/dev/loop0, chosen by DISK_DEVICE, cannot be used: mounted: /dev/loop0 on /srv"

  Scenario: Two equally good disks are refused rather than guessed
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
      | sdb  | 960 GiB |
    When the step detect-disk runs
    Then the step fails with "/dev/sda and /dev/sdb are equally good targets"

  Scenario: A machine without a usable disk fails after the plan's retries
    Given the machine has the disks:
      | name | size   | notes     |
      | sdb  | 32 GiB | removable |
    When the plan runs the steps "detect-disk"
    Then step detect-disk ended as "failed" after 3 attempts
    And the run failed at detect-disk with "no suitable disk found (min 0 GB)"

  Scenario: A disk that appears late is found on a later attempt
    Given the disks appear only after 1 empty look
    When the plan runs the steps "detect-disk"
    Then step detect-disk ended as "ok" after 2 attempts
    And the target disk is /dev/nvme0n1

  Scenario: A DISK_DEVICE that is not there yet is looked for again
    Given the deploy vars also set DISK_DEVICE="/dev/sda"
    And the disks appear only after 2 empty looks
    When the plan runs the steps "detect-disk"
    Then step detect-disk ended as "ok" after 3 attempts
    And the target disk is /dev/sda

  Scenario: A dry run shows the choice and wipes nothing
    Given the deploy vars:
      """
      MODE="dry-run"
      IMAGE="http://images.example/os.img"
      """
    When the plan runs the steps "detect-disk, stop-raid, wipe-disks"
    Then step detect-disk ended as "ok"
    And step wipe-disks ended as "dry-run"
    And the target disk is /dev/nvme0n1
    And the shell ran no command

  Scenario: A soft deprovision approves the target alone, since it wipes nothing
    Given the deploy vars:
      """
      MODE="soft-deprovision"
      """
    When the step detect-disk runs
    Then the target disk is /dev/nvme0n1
    And the approved disks are "/dev/nvme0n1"
    And the step detail is "/dev/nvme0n1 chosen by preference"
