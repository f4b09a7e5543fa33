Feature: mount-efivarfs makes the host's EFI variables readable for efibootmgr
  efibootmgr reads and writes boot entries through efivarfs, which a ramdisk does not always
  mount. The mount stays until the end of the run: create-efi-boot-entry needs it too.

  Scenario: efivarfs is mounted on an EFI host
    Given the host was booted by UEFI
    When the step mount-efivarfs runs
    Then the step succeeds
    And efivarfs is mounted at /sys/firmware/efi/efivars
    And the step detail says "efivarfs mounted at /sys/firmware/efi/efivars"

  Scenario: An efivarfs the kernel already mounted is left alone
    Given the host was booted by UEFI
    And the host's mount table has "efivarfs /sys/firmware/efi/efivars efivarfs rw,nosuid 0 0"
    When the step mount-efivarfs runs
    Then the step succeeds
    And nothing was mounted
    And the step detail says "efivarfs already mounted"

  Scenario: A BIOS-booted host has nothing to mount
    When the step mount-efivarfs runs
    Then the step succeeds
    And nothing was mounted
    And the step detail says "not an EFI host (no /sys/firmware/efi): nothing to do"
