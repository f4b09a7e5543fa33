Feature: remove-efi-entries deletes the boot entries of earlier installs, on the host
  An entry that starts an OS loader file from a disk partition (HD(...) and a file) is deleted,
  whatever distribution wrote it. Network boot entries, the firmware's own applications, its
  entries for whole disks and the entry the ramdisk came from (BootCurrent) are kept.
  v0.0.1 deleted lines mentioning "ubuntu" through a chroot into the empty target root, so it
  never deleted anything.

  Background:
    Given the host was booted by UEFI

  Scenario: Disk loaders go, network and firmware entries stay
    Given efibootmgr -v prints:
      """
      BootCurrent: 0004
      Timeout: 2 seconds
      BootOrder: 0003,0005,0004,0006,0000,0001
      Boot0000* UiApp	FvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)
      Boot0001* UEFI Shell	FvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(7c04a583-9e3e-4f1c-ad65-e05268d0b4d1)
      Boot0003* ubuntu	HD(1,GPT,8e2fd1a0-0c1a-4b47-9d16-7a1f7c1e9e01,0x800,0x100000)/File(\EFI\ubuntu\shimx64.efi)
      Boot0004* UEFI PXEv4 (MAC:525400123456)	PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,1)/IPv4(0.0.0.0,0,DHCP,0.0.0.0,0.0.0.0,0.0.0.0)
      Boot0005  Red Hat Enterprise Linux	HD(2,GPT,3c0e2f55-8d0b-4a53-a5c3-2d6f0c1b7d11,0x1000,0x64000)/File(\EFI\redhat\shimx64.efi)
      Boot0006* UEFI HTTPv4 (MAC:525400123456)	PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,1)/IPv4(0.0.0.0,0,DHCP,0.0.0.0,0.0.0.0,0.0.0.0)/Uri()
      """
    When the step remove-efi-entries runs
    Then the step succeeds
    And the host ran exactly these efibootmgr commands:
      """
      efibootmgr -v
      efibootmgr -b 0003 -B
      efibootmgr -b 0005 -B
      """
    And the log says "Removed EFI boot entry"
    And the step detail says "removed Boot0003, Boot0005; kept 4"

  Scenario: A list without device paths deletes nothing
    Given efibootmgr -v prints:
      """
      BootCurrent: 0001
      BootOrder: 0001
      """
    When the step remove-efi-entries runs
    Then the step succeeds
    And the host ran exactly these efibootmgr commands:
      """
      efibootmgr -v
      """

  Scenario: A refused deletion is reported, the other entries are still deleted
    Given efibootmgr -v prints:
      """
      Boot0003* ubuntu	HD(1,GPT,8e2fd1a0-0c1a-4b47-9d16-7a1f7c1e9e01,0x800,0x100000)/File(\EFI\ubuntu\shimx64.efi)
      Boot0007* debian	HD(1,GPT,8e2fd1a0-0c1a-4b47-9d16-7a1f7c1e9e01,0x800,0x100000)/File(\EFI\debian\grubx64.efi)
      """
    And the command "efibootmgr -b 0003 -B" fails with "Could not delete Boot0003: Read-only file system"
    When the step remove-efi-entries runs
    Then the step fails with "Boot0003 (ubuntu): exit 1: Could not delete Boot0003: Read-only file system"
    And the host ran the command "efibootmgr -b 0007 -B"

  Scenario: efibootmgr that cannot list fails the (best-effort) step with its error
    Given the command "efibootmgr -v" fails with "EFI variables are not supported on this system."
    When the step remove-efi-entries runs
    Then the step fails with "efibootmgr -v exited 1: EFI variables are not supported on this system."

  Scenario: A BIOS-booted host has no entries to remove
    Given the host was booted by BIOS
    When the step remove-efi-entries runs
    Then the step succeeds
    And the host ran no command
