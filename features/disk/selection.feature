Feature: Target disk selection by preference
  booty keeps the original's preference (spec disk-and-image.md §1.4): NVMe before anything else,
  then the largest disk, never below MIN_DISK_SIZE_GB. It adds the safety the original lacked:
  virtual devices, empty, read-only and removable disks, and disks that are in use (something
  stacked on them, or mounted) are never chosen, and two equally good disks are an error instead
  of a guess by device name. Every disk that is not chosen is rejected with a reason.

  Scenario Outline: The original's worked examples, made safe (spec §1.6 row <row>)
    Given the machine has disks "<disks>"
    And MIN_DISK_SIZE_GB is <min>
    When booty selects the target disk
    Then the outcome is "<booty>"
    And every disk is either chosen or rejected, exactly once

    # The v0.0.1 column is what the original chose; rows 4, 5, 9, 10 and 11 differ on purpose.
    Examples:
      | row | disks                          | min | booty                                                                                                                    | v0.0.1                          |
      | 1   | sda:500, sdb:1000, nvme0n1:256 | 0   | /dev/nvme0n1                                                                                                             | /dev/nvme0n1                    |
      | 2   | sda:100, sdb:200               | 0   | /dev/sdb                                                                                                                 | /dev/sdb                        |
      | 3   | nvme0n1:512, nvme1n1:1024      | 0   | /dev/nvme1n1                                                                                                             | /dev/nvme1n1                    |
      | 4   | sda:100, sdb:100               | 0   | error: /dev/sda and /dev/sdb are equally good targets (same kind and size); choose one with DISK_DEVICE or a root device hint | /dev/sda                        |
      | 5   | nvme1n1:100, nvme10n1:100      | 0   | error: /dev/nvme10n1 and /dev/nvme1n1 are equally good targets (same kind and size); choose one with DISK_DEVICE or a root device hint | /dev/nvme10n1                   |
      | 6   | loop0:1, sr0:1, ram0:1, dm-0:1 | 0   | error: no suitable disk found (min 0 GB)                                                                                 | no suitable disk found (min 0 GB) |
      | 7   | sda:40, sdb:60                 | 50  | /dev/sdb                                                                                                                 | /dev/sdb                        |
      | 8   | sda:40                         | 50  | error: no suitable disk found (min 50 GB)                                                                                | no suitable disk found (min 50 GB) |
      | 9   | sda:0                          | 0   | error: no suitable disk found (min 0 GB)                                                                                 | /dev/sda                        |
      | 10  | sda:32, sdb:64:removable       | 0   | /dev/sda                                                                                                                 | /dev/sdb                        |
      | 11  | sda:1000, md127:2000           | 0   | /dev/sda                                                                                                                 | /dev/md127                      |
      | 13  | sda:0, sdb:10                  | 0   | /dev/sdb                                                                                                                 | /dev/sdb                        |

  # Rows 12 (removable allowed) and 14 (DISK_DEVICE=/dev/loop0) are in override.feature.

  Scenario Outline: A disk that fails a safety check is never chosen (<reason>)
    Given the machine has disks "sdz:100, <disk>"
    And MIN_DISK_SIZE_GB is 50
    When booty selects the target disk
    Then the target disk is "/dev/sdz"
    And "<path>" was rejected as "<reason>"

    Examples:
      | disk                      | path        | reason                                  |
      | loop0:500                 | /dev/loop0  | not a physical disk: loop device        |
      | ram0:500                  | /dev/ram0   | not a physical disk: RAM disk           |
      | zram0:500                 | /dev/zram0  | not a physical disk: compressed RAM disk |
      | sr0:500                   | /dev/sr0    | not a physical disk: optical drive      |
      | dm-0:500                  | /dev/dm-0   | not a physical disk: device-mapper device |
      | md127:500                 | /dev/md127  | not a physical disk: software RAID array |
      | nbd0:500                  | /dev/nbd0   | not a physical disk: network block device |
      | zd0:500                   | /dev/zd0    | not a physical disk: ZFS volume         |
      | sda:0                     | /dev/sda    | empty (size 0)                          |
      | sda:500:ro                | /dev/sda    | read-only                               |
      | sda:500:removable         | /dev/sda    | removable                               |
      | sda:500:holder=md127      | /dev/sda    | in use by md127                         |
      | sda:500:partholder=dm-0   | /dev/sda    | a partition is in use by dm-0           |
      | sda:500:mounted=/boot     | /dev/sda    | mounted: /dev/sda1 on /boot             |
      | sda:40                    | /dev/sda    | too small: 40 GiB < 50 GiB              |

  Scenario Outline: The first failing check is the reason given (<disk>)
    Given the machine has disks "sdz:100, <disk>"
    When booty selects the target disk
    Then "/dev/sda" was rejected as "<reason>"

    Examples:
      | disk                               | reason            |
      | sda:0:ro:removable                 | empty (size 0)    |
      | sda:500:ro:removable               | read-only         |
      | sda:500:removable:holder=md0       | removable         |
      | sda:500:holder=md0:partholder=dm-1 | in use by md0     |
      | sda:500:partholder=dm-1:mounted=/x | a partition is in use by dm-1 |

  Scenario: NVMe beats every other disk, then the largest wins, and the losers are told why
    Given the machine has disks "sda:4000, nvme0n1:256, nvme1n1:128"
    When booty selects the target disk
    Then the target disk is "/dev/nvme0n1"
    And "/dev/sda" was rejected as "not preferred: /dev/nvme0n1 is NVMe"
    And "/dev/nvme1n1" was rejected as "not preferred: /dev/nvme0n1 is larger"

  Scenario: Only a tie at the top is an error
    Given the machine has disks "sda:100, sdb:100, sdc:200"
    When booty selects the target disk
    Then the target disk is "/dev/sdc"

  Scenario: A three-way tie names every tied disk
    Given the machine has disks "sdc:100, sda:100, sdb:100, sdd:50"
    When booty selects the target disk
    Then selection fails with "/dev/sda, /dev/sdb and /dev/sdc are equally good targets (same kind and size); choose one with DISK_DEVICE or a root device hint"
    And "/dev/sda" was rejected as "tied with /dev/sdb, /dev/sdc"
    And "/dev/sdd" was rejected as "not preferred: /dev/sda is larger"

  Scenario: Disks of the same whole GiB but different byte counts do not tie
    Given the machine has disks:
      | name | size_bytes   |
      | sda  | 480103981056 |
      | sdb  | 480113590272 |
    When booty selects the target disk
    Then the target disk is "/dev/sdb"

  Scenario: A disk is in use when something stacked on it is mounted
    Given the machine has disks:
      | name    | size_gib | partition_holders | mounts                    |
      | nvme0n1 | 894      | dm-0              | /dev/mapper/vg0-root on / |
      | sda     | 447      |                   |                           |
    When booty selects the target disk
    Then the target disk is "/dev/sda"
    And "/dev/nvme0n1" was rejected as "a partition is in use by dm-0"

  Scenario: The choice does not depend on the order the disks are listed in
    Given the machine has disks "sdb:300, nvme1n1:100, sda:300, nvme0n1:200"
    When booty selects the target disk
    Then the target disk is "/dev/nvme0n1"
    And the disks were judged in name order: /dev/nvme1n1, /dev/sda, /dev/sdb
