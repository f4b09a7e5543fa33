Feature: Wiping clears the disks the domain chose, and only those
  v0.0.1 ran sgdisk --zap-all and wipefs -af on every disk of /sys/block, before it had even chosen
  a target, and left the old partitions' own signatures in place (spec disk-and-image.md §2.5,
  §7.4, §7.5). booty wipes the approved disks: the signatures of each partition, the GPT and MBR,
  the disk's signatures, then zeros over the first and the last MiB. Anything but an approved
  disk is refused before a command runs.

  Background:
    Given the machine has disks "sda:500, sdb:400, sdc:64:removable"
    And "sda" has partitions "sda1, sda2"

  Scenario: Provisioning wipes the chosen disk only
    Given the chosen disk is approved for wiping
    When booty wipes the approved disks
    Then booty ran, in order:
      | command                     |
      | wipefs --all /dev/sda1      |
      | wipefs --all /dev/sda2      |
      | sgdisk --zap-all /dev/sda   |
      | wipefs --all /dev/sda       |
      | partprobe /dev/sda          |
    And the first and last MiB of "/dev/sda" were zeroed
    And nothing touched "/dev/sdb"

  Scenario: A hard deprovision wipes every eligible disk, never the removable one
    Given every eligible disk is approved for wiping
    When booty wipes the approved disks
    Then the disks wiped are "/dev/sda, /dev/sdb"
    And nothing touched "/dev/sdc"

  Scenario: A disk that never had a GPT is wiped with a warning
    Given the chosen disk is approved for wiping
    And "sgdisk --zap-all /dev/sda" fails with exit code 2 and "Problem opening /dev/sda for reading!"
    When booty wipes the approved disks
    Then the wipe of "/dev/sda" warns "sgdisk --zap-all exited 2: Problem opening /dev/sda for reading!"
    And the first and last MiB of "/dev/sda" were zeroed

  Scenario: A failing wipefs fails the step with the disk, the command and its words
    Given every eligible disk is approved for wiping
    And "wipefs --all /dev/sdb" fails with exit code 1 and "wipefs: error: /dev/sdb: probing initialization failed: Device or resource busy"
    When booty wipes the approved disks
    Then the step fails with "wiped 1 disk(s) but 1 failed: /dev/sdb: wipe signatures of /dev/sdb: wipefs --all /dev/sdb exited 1: wipefs: error: /dev/sdb: probing initialization failed: Device or resource busy"

  Scenario: A bare path is refused before anything runs
    When booty is asked to wipe "/dev/sdb" given as a path
    Then the step fails with "refusing to write to /dev/sdb: destructive operations take an ApprovedDisk, not a bare path"
    And booty ran no command
    And nothing was zeroed
