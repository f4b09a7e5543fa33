Feature: Secure erase uses the hardware erase each drive offers, and says which
  v0.0.1 always sent NVMe format SES=1, and tested the substring "frozen" of hdparm -I, which
  "not frozen" contains too, so it never erased an ATA drive; every failure fell back to wipefs in
  silence (spec disk-and-image.md §2.6 and its [bug] notes). booty picks the erase from what the
  drive reports, refuses an erase that would reach namespaces nobody chose, fails the step when a
  disk cannot be erased unless SECURE_ERASE_FALLBACK allows a metadata wipe, and reports the
  method used for every disk.

  Scenario Outline: NVMe: the erase follows OACS, FNA and SANICAP (<case>)
    Given the machine has NVMe namespaces "<namespaces>"
    And the NVMe controller reports OACS <oacs>, FNA <fna> and SANICAP <sanicap>
    And <approved> approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/nvme0n1" is "<outcome>"

    Examples:
      | case                                   | namespaces       | oacs | fna | sanicap | approved                          | outcome                                                                                      |
      | crypto erase by Format NVM             | nvme0n1          | 0x17 | 0x4 | 0x3     | the chosen disk is                | nvme format, crypto erase                                                                    |
      | user data erase by Format NVM          | nvme0n1          | 0x17 | 0x0 | 0x2     | the chosen disk is                | nvme format, user data erase                                                                 |
      | format per namespace, others untouched | nvme0n1, nvme0n2 | 0x17 | 0x4 | 0x0     | the chosen disk is                | nvme format, crypto erase                                                                    |
      | format spans namespaces not chosen     | nvme0n1, nvme0n2 | 0x17 | 0x6 | 0x0     | the chosen disk is                | failed (a secure format would also erase nvme0n2, which were not chosen)                      |
      | format spans namespaces all approved   | nvme0n1, nvme0n2 | 0x17 | 0x6 | 0x0     | every eligible disk is            | nvme format, crypto erase                                                                    |
      | sanitize crypto erase without format   | nvme0n1          | 0x0  | 0x0 | 0x3     | the chosen disk is                | nvme sanitize, crypto erase                                                                  |
      | sanitize would reach another namespace | nvme0n1, nvme0n2 | 0x0  | 0x0 | 0x2     | the chosen disk is                | failed (a sanitize would also erase nvme0n2, which were not chosen)                           |
      | nothing to erase with                  | nvme0n1          | 0x0  | 0x0 | 0x0     | the chosen disk is                | failed (the controller supports neither Format NVM nor a sanitize erase)                      |

  Scenario: Format NVM with crypto erase is one synchronous command
    Given the machine has NVMe namespaces "nvme0n1"
    And the NVMe controller reports OACS 0x17, FNA 0x4 and SANICAP 0x3
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then booty ran "nvme format /dev/nvme0n1 --ses=2 --force"

  Scenario: A sanitize is polled through the clock until the drive says it is done
    Given the machine has NVMe namespaces "nvme0n1"
    And the NVMe controller reports OACS 0x0, FNA 0x0 and SANICAP 0x2
    And the sanitize log of "/dev/nvme0" reads "in progress, in progress, done"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then booty ran "nvme sanitize /dev/nvme0 --sanact=2"
    And booty waited 3 times 10 seconds
    And the outcome for "/dev/nvme0n1" is "nvme sanitize, block erase"

  Scenario Outline: ATA: only a drive that is supported and not frozen is erased (<case>)
    Given the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "<security>"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/sda" is "<outcome>"

    Examples:
      | case                              | security                                                                   | outcome                                                                |
      | enhanced erase                    | supported, not enabled, not locked, not frozen, supported: enhanced erase | ATA enhanced security erase                                            |
      | normal erase                      | supported, not enabled, not locked, not frozen, not supported: enhanced erase | ATA security erase                                                  |
      | frozen (v0.0.1 saw this for all)  | supported, not enabled, not locked, frozen                                 | failed (ATA security is frozen (firmware froze it at boot))            |
      | locked by someone else            | supported, enabled, locked, not frozen                                     | failed (the drive is locked with a password booty does not know)       |
      | password already set              | supported, enabled, not locked, not frozen                                 | failed (a drive password is already set)                               |
      | security count expired            | supported, not enabled, not locked, not frozen, expired: security count    | failed (the security count expired (power-cycle the drive))            |
      | no security feature set           | not supported, not enabled, not locked, not frozen                         | failed (ATA security is not supported)                                 |

  Scenario: An ATA erase sets a fresh password, erases, and nothing else
    Given the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, not frozen, supported: enhanced erase"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then booty ran, in order:
      | command                                                                         |
      | hdparm -I /dev/sda                                                              |
      | hdparm --user-master u --security-set-pass Erase-test /dev/sda                  |
      | hdparm --user-master u --security-erase-enhanced Erase-test /dev/sda            |

  Scenario: A failed ATA erase removes the password again and fails the disk
    Given the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, not frozen"
    And "hdparm --user-master u --security-erase Erase-test /dev/sda" fails with exit code 5 and "SG_IO: bad/missing sense data"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then booty ran "hdparm --user-master u --security-disable Erase-test /dev/sda"
    And the step fails with "secure erase failed on 1 disk(s): /dev/sda: ATA security erase failed: hdparm exited 5: SG_IO: bad/missing sense data"

  Scenario: Without SECURE_ERASE_FALLBACK a disk that cannot be erased fails the step
    Given the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, frozen"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the step fails with "secure erase failed on 1 disk(s): /dev/sda: ATA security is frozen (firmware froze it at boot)"
    And nothing was zeroed

  Scenario: With SECURE_ERASE_FALLBACK the metadata is wiped instead, and the status says why
    Given SECURE_ERASE_FALLBACK is true
    And the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, frozen"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/sda" is "metadata wipe (fallback: ATA security is frozen (firmware froze it at boot))"
    And the first and last MiB of "/dev/sda" were zeroed
    And the status message is "secure erase: /dev/sda: metadata wipe (fallback: ATA security is frozen (firmware froze it at boot))"

  Scenario: Every approved disk is tried, and the status names the method of each
    Given SECURE_ERASE_FALLBACK is true
    And the machine has disks "nvme0n1:960, sda:480, sdb:480"
    And the NVMe controller reports OACS 0x17, FNA 0x4 and SANICAP 0x3
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, not frozen"
    And "hdparm -I /dev/sdb" fails with exit code 2 and "/dev/sdb: No such device"
    And every eligible disk is approved for erasing
    When booty secure-erases the approved disks
    Then the status message is "secure erase: /dev/nvme0n1: nvme format, crypto erase; /dev/sda: ATA security erase; /dev/sdb: metadata wipe (fallback: hdparm -I exited 2: /dev/sdb: No such device)"

  Scenario: A controller that cannot be identified fails that disk
    Given the machine has NVMe namespaces "nvme0n1"
    And "nvme id-ctrl /dev/nvme0n1 --output-format=json" fails with exit code 1 and "identify controller: Invalid argument"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/nvme0n1" is "failed (nvme id-ctrl exited 1: identify controller: Invalid argument)"

  Scenario: A sanitize that the drive reports as failed fails the disk
    Given the machine has NVMe namespaces "nvme0n1"
    And the NVMe controller reports OACS 0x0, FNA 0x0 and SANICAP 0x2
    And the sanitize log of "/dev/nvme0" reads "in progress, failed"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/nvme0n1" is "failed (nvme sanitize, block erase failed: sanitize ended in state failed)"

  Scenario: A drive that refuses the password is not erased
    Given the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, not frozen"
    And "hdparm --user-master u --security-set-pass Erase-test /dev/sda" fails with exit code 5 and "SECURITY_SET_PASS: Input/output error"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/sda" is "failed (ATA security erase failed: setting the security password: hdparm exited 5: SECURITY_SET_PASS: Input/output error)"
    And booty did not run "hdparm --user-master u --security-erase Erase-test /dev/sda"

  Scenario: When the fallback wipe fails too, the disk fails with both reasons
    Given SECURE_ERASE_FALLBACK is true
    And the machine has a SATA disk "sda"
    And hdparm -I of "/dev/sda" reports security "supported, not enabled, not locked, frozen"
    And "wipefs --all /dev/sda" fails with exit code 1 and "wipefs: error: /dev/sda: probing initialization failed: Device or resource busy"
    And the chosen disk is approved for erasing
    When booty secure-erases the approved disks
    Then the outcome for "/dev/sda" is "failed (ATA security is frozen (firmware froze it at boot); fallback wipe failed: wipe signatures of /dev/sda: wipefs --all /dev/sda exited 1: wipefs: error: /dev/sda: probing initialization failed: Device or resource busy)"
