Feature: An explicit target disk (DISK_DEVICE) and the switches that loosen the safety checks
  DISK_DEVICE replaces auto-detection, but booty still refuses a disk that fails a safety check
  (v0.0.1 accepted any device node, even /dev/null). Forcing takes such a disk anyway; it only
  ever applies to a disk someone named, never to auto-detection. Removable disks can be allowed
  (the later upstream's BOOTY_ALLOW_REMOVABLE).

  Background:
    Given the machine has disks "nvme0n1:900, sda:500:path=pci-0000:00:17.0-ata-1, sdb:64:removable, loop0:1, sdc:200:mounted=/data"

  Scenario: DISK_DEVICE chooses a disk the preference would not
    Given DISK_DEVICE is "/dev/sda"
    When booty selects the target disk
    Then the target disk is "/dev/sda"
    And the choice was made by "DISK_DEVICE"
    And "/dev/nvme0n1" was rejected as "not DISK_DEVICE (/dev/sda)"
    And "/dev/loop0" was rejected as "not a physical disk: loop device"
    And every disk is either chosen or rejected, exactly once

  Scenario: DISK_DEVICE may name the disk by its by-path link
    Given DISK_DEVICE is "/dev/disk/by-path/pci-0000:00:17.0-ata-1"
    When booty selects the target disk
    Then the target disk is "/dev/sda"

  Scenario Outline: DISK_DEVICE must pass the same checks (<device>)
    Given DISK_DEVICE is "<device>"
    When booty selects the target disk
    Then selection fails with "<device>, chosen by DISK_DEVICE, cannot be used: <reason> (only when forced)"

    Examples:
      | device     | reason                              |
      | /dev/loop0 | not a physical disk: loop device    |
      | /dev/sdb   | removable                           |
      | /dev/sdc   | mounted: /dev/sdc1 on /data         |

  Scenario Outline: A forced DISK_DEVICE is used anyway, and the result says what was overridden (<device>)
    Given DISK_DEVICE is "<device>"
    And the choice is forced
    When booty selects the target disk
    Then the target disk is "<device>"
    And the choice was forced past "<reason>"

    Examples:
      | device     | reason                           |
      | /dev/loop0 | not a physical disk: loop device |
      | /dev/sdb   | removable                        |
      | /dev/sdc   | mounted: /dev/sdc1 on /data      |

  Scenario: Forcing a disk that passes every check changes nothing
    Given DISK_DEVICE is "/dev/sda"
    And the choice is forced
    When booty selects the target disk
    Then the target disk is "/dev/sda"
    And the choice was forced past ""

  Scenario: DISK_DEVICE must also be large enough
    Given DISK_DEVICE is "/dev/sda"
    And MIN_DISK_SIZE_GB is 600
    When booty selects the target disk
    Then selection fails with "/dev/sda, chosen by DISK_DEVICE, cannot be used: too small: 500 GiB < 600 GiB (only when forced)"

  Scenario Outline: DISK_DEVICE must name a whole disk of this machine (<device>)
    Given DISK_DEVICE is "<device>"
    And the choice is forced
    When booty selects the target disk
    Then selection fails with "DISK_DEVICE <device> is not a whole disk of this machine (disks: /dev/loop0, /dev/nvme0n1, /dev/sda, /dev/sdb, /dev/sdc)"

    Examples:
      | device                                         |
      | /dev/sda1                                      |
      | /dev/sdq                                       |
      | /dev/disk/by-path/pci-0000:00:17.0-ata-1-part1 |

  Scenario: Forcing does nothing for auto-detection
    Given the choice is forced
    And MIN_DISK_SIZE_GB is 1000
    When booty selects the target disk
    Then selection fails with "no suitable disk found (min 1000 GB)"

  Scenario: spec §1.6 row 12: a removable disk is chosen when removable disks are allowed
    Given the machine has disks "sda:200:removable"
    And removable disks are allowed
    When booty selects the target disk
    Then the target disk is "/dev/sda"

  Scenario: Allowing removable disks does not make them preferred
    Given removable disks are allowed
    When booty selects the target disk
    Then the target disk is "/dev/nvme0n1"
    And "/dev/sdb" was rejected as "not preferred: /dev/nvme0n1 is NVMe"

  Scenario: spec §1.6 row 14: DISK_DEVICE=/dev/loop0 as in the e2e topologies needs forcing
    Given the machine has disks "loop0:2, vda:20"
    And DISK_DEVICE is "/dev/loop0"
    And the choice is forced
    When booty selects the target disk
    Then the target disk is "/dev/loop0"
    And "/dev/vda" was rejected as "not DISK_DEVICE (/dev/loop0)"
