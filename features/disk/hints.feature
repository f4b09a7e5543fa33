Feature: Root device hints name the target disk by what an operator knows about it
  Serial, WWN, model, size in GiB and the by-path slot, as in ironic's root device hints. The
  hints must match exactly one disk of the machine, and that disk must pass the safety checks
  (unless forced). Text is compared ignoring case and repeated spaces; a WWN may be written with
  or without its 0x, naa. or eui. prefix; size compares whole GiB and also takes >=, <=, > and <.

  Background:
    Given the machine has disks:
      | name    | size_gib | serial         | wwn                                  | model                      | by_path                                   | removable |
      | nvme0n1 | 894      | S64FNE0R400001 | eui.36344730524000010025384500000001 | SAMSUNG MZQL2960HCJR-00A07 | pci-0000:01:00.0-nvme-1                   | false     |
      | nvme1n1 | 894      | S64FNE0R400002 | eui.36344730524000020025384500000001 | SAMSUNG MZQL2960HCJR-00A07 | pci-0000:02:00.0-nvme-1                   | false     |
      | sda     | 447      | S45PNA0M300003 | naa.5002538e40a1b2c3                 | MZ7LH480HAHQ-00005         | pci-0000:00:17.0-ata-1                    | false     |
      | sdb     | 14       | 4C530001       |                                      | Ultra Fit                  | pci-0000:00:14.0-usb-0:3:1.0-scsi-0:0:0:0 | true      |

  Scenario: Without hints the twin NVMe disks are ambiguous
    When booty selects the target disk
    Then selection fails with "/dev/nvme0n1 and /dev/nvme1n1 are equally good targets (same kind and size); choose one with DISK_DEVICE or a root device hint"

  Scenario Outline: Hints that match exactly one disk choose it (<hints>)
    Given the root device hints are "<hints>"
    When booty selects the target disk
    Then the target disk is "<target>"
    And the choice was made by "hints"
    And "<other>" was rejected as "<reason>"

    Examples:
      | hints                                                               | target       | other        | reason                                                 |
      | serial=S64FNE0R400002                                               | /dev/nvme1n1 | /dev/nvme0n1 | does not match hint serial=S64FNE0R400002              |
      | serial=s64fne0r400002                                               | /dev/nvme1n1 | /dev/sda     | does not match hint serial=s64fne0r400002              |
      | wwn=eui.36344730524000020025384500000001                            | /dev/nvme1n1 | /dev/nvme0n1 | does not match hint wwn=eui.36344730524000020025384500000001 |
      | wwn=0x5002538e40a1b2c3                                              | /dev/sda     | /dev/nvme0n1 | does not match hint wwn=0x5002538e40a1b2c3             |
      | wwn=5002538E40A1B2C3                                                | /dev/sda     | /dev/nvme0n1 | does not match hint wwn=5002538E40A1B2C3               |
      | model=mz7lh480hahq-00005                                            | /dev/sda     | /dev/nvme0n1 | does not match hint model=mz7lh480hahq-00005           |
      | size=447                                                            | /dev/sda     | /dev/nvme0n1 | does not match hint size=447                           |
      | size<500; serial=S45PNA0M300003                                     | /dev/sda     | /dev/nvme1n1 | does not match hint serial=S45PNA0M300003              |
      | size>=800; by_path=pci-0000:01:00.0-nvme-1                          | /dev/nvme0n1 | /dev/sda     | does not match hint size>=800                          |
      | by_path=/dev/disk/by-path/pci-0000:02:00.0-nvme-1                   | /dev/nvme1n1 | /dev/nvme0n1 | does not match hint by_path=/dev/disk/by-path/pci-0000:02:00.0-nvme-1 |
      | model=SAMSUNG  MZQL2960HCJR-00A07; serial=S64FNE0R400001            | /dev/nvme0n1 | /dev/nvme1n1 | does not match hint serial=S64FNE0R400001              |

  Scenario Outline: Hints that match no disk or several disks are an error (<hints>)
    Given the root device hints are "<hints>"
    When booty selects the target disk
    Then selection fails with "<message>"

    Examples:
      | hints                            | message                                                                                                                       |
      | serial=NOPE                      | no disk matches the root device hints serial=NOPE                                                                             |
      | size>1000                        | no disk matches the root device hints size>1000                                                                               |
      | model=SAMSUNG MZQL2960HCJR-00A07 | the root device hints model=SAMSUNG MZQL2960HCJR-00A07 match 2 disks (/dev/nvme0n1, /dev/nvme1n1); they must match exactly one |
      | size<=894                        | the root device hints size<=894 match 4 disks (/dev/nvme0n1, /dev/nvme1n1, /dev/sda, /dev/sdb); they must match exactly one    |

  Scenario: When the hints match several disks, each says why
    Given the root device hints are "size>400"
    When booty selects the target disk
    Then "/dev/sda" was rejected as "the hints also match /dev/nvme0n1, /dev/nvme1n1"
    And "/dev/sdb" was rejected as "removable"

  Scenario: The disk the hints name must pass the safety checks
    Given the root device hints are "model=Ultra Fit"
    When booty selects the target disk
    Then selection fails with "/dev/sdb, chosen by root device hints model=Ultra Fit, cannot be used: removable (only when forced)"

  Scenario: A forced hint takes the disk anyway
    Given the root device hints are "model=Ultra Fit"
    And the choice is forced
    When booty selects the target disk
    Then the target disk is "/dev/sdb"
    And the choice was forced past "removable"

  Scenario: DISK_DEVICE and the hints must agree
    Given DISK_DEVICE is "/dev/sda"
    And the root device hints are "serial=S64FNE0R400001"
    When booty selects the target disk
    Then selection fails with "DISK_DEVICE /dev/sda does not match the root device hints serial=S64FNE0R400001"
    And "/dev/sda" was rejected as "does not match hint serial=S64FNE0R400001"
    And "/dev/nvme1n1" was rejected as "does not match hint serial=S64FNE0R400001"
    And "/dev/nvme0n1" was rejected as "not DISK_DEVICE (/dev/sda)"

  Scenario: DISK_DEVICE that matches the hints is chosen
    Given DISK_DEVICE is "/dev/nvme0n1"
    And the root device hints are "serial=S64FNE0R400001"
    When booty selects the target disk
    Then the target disk is "/dev/nvme0n1"
    And the choice was made by "DISK_DEVICE"

  Scenario Outline: Malformed hints are refused (<hints>)
    When booty reads the root device hints "<hints>"
    Then the hints are refused with "<message>"

    Examples:
      | hints                 | message                                                                               |
      | serial                | not a root device hint (KEY=VALUE): 'serial'                                          |
      | colour=blue           | unknown root device hint 'colour' (expected one of: serial, wwn, model, size, by_path) |
      | size=big              | root device hint size needs a whole number of GiB: 'big'                              |
      | size=-5               | root device hint size needs a whole number of GiB: '-5'                               |
      | serial>=5             | root device hint serial compares text: use serial=VALUE, not >=                       |
      | serial=               | root device hint serial needs a value                                                 |
      | serial=a; serial=b    | root device hint serial is given twice                                                |
      | size=1; size>=2       | root device hint size is given twice                                                  |

  Scenario: Hints are shown as written, in a fixed order
    When booty reads the root device hints "by-path=pci-0000:01:00.0-nvme-1; size>=400; MODEL=Ultra Fit; wwn=0x1; serial=X"
    Then the hints read "serial=X, wwn=0x1, model=Ultra Fit, size>=400, by_path=pci-0000:01:00.0-nvme-1"
