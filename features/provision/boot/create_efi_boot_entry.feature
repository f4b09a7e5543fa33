Feature: create-efi-boot-entry makes the firmware boot the installed OS, on the host
  The ESP is mounted at <root>/boot/efi (teardown-chroot unmounts it), the loader is the installed
  system's shim, else its GRUB, in \EFI\<os-release ID>\ with the machine's UEFI architecture, and
  the entry is labelled with os-release NAME. efibootmgr gets an argv, so the backslashes of the
  loader path reach it (v0.0.1 ran a bash string, which stripped them).

  Background:
    Given the host was booted by UEFI
    And the host's architecture is x86_64
    And the target disk is /dev/sda with the ESP /dev/sda1
    And the installed OS has the file /etc/os-release:
      """
      NAME="Ubuntu"
      ID=ubuntu
      ID_LIKE=debian
      """

  Scenario: The shim of the installed OS is preferred
    Given the ESP holds "EFI/ubuntu/shimx64.efi, EFI/ubuntu/grubx64.efi, EFI/BOOT/BOOTX64.EFI"
    When the step create-efi-boot-entry runs
    Then the step succeeds
    And the host ran the command "efibootmgr -c -d /dev/sda -p 1 -L Ubuntu -l '\EFI\ubuntu\shimx64.efi'"
    And /dev/sda1 is mounted at /newroot/boot/efi for teardown-chroot to unmount

  Scenario Outline: The loader depends on what the ESP holds and on the architecture
    Given the host's architecture is <machine>
    And the target disk is <disk> with the ESP <esp>
    And the ESP holds "<files>"
    When the step create-efi-boot-entry runs
    Then the step succeeds
    And the host ran the command "efibootmgr -c -d <disk> -p <n> -L Ubuntu -l '<loader>'"

    Examples:
      | machine | disk         | esp            | files                                     | n  | loader                    |
      | x86_64  | /dev/sda     | /dev/sda15     | EFI/ubuntu/grubx64.efi                    | 15 | \EFI\ubuntu\grubx64.efi   |
      | x86_64  | /dev/nvme0n1 | /dev/nvme0n1p1 | EFI/ubuntu/grubx64.efi                    | 1  | \EFI\ubuntu\grubx64.efi   |
      | aarch64 | /dev/nvme0n1 | /dev/nvme0n1p2 | EFI/ubuntu/shimaa64.efi, EFI/ubuntu/grubaa64.efi | 2 | \EFI\ubuntu\shimaa64.efi |

  Scenario: The vendor directory and the label come from the installed system's os-release
    Given the installed OS has the file /etc/os-release:
      """
      NAME="Red Hat Enterprise Linux"
      ID="rhel"
      ID_LIKE="fedora"
      PLATFORM_ID="platform:el9"
      """
    And the ESP holds "EFI/redhat/shimx64.efi, EFI/redhat/grubx64.efi"
    When the step create-efi-boot-entry runs
    Then the host ran the command "efibootmgr -c -d /dev/sda -p 1 -L 'Red Hat Enterprise Linux' -l '\EFI\redhat\shimx64.efi'"

  Scenario: No loader on the ESP fails and names the paths looked for
    Given the ESP holds "EFI/BOOT/BOOTX64.EFI"
    When the step create-efi-boot-entry runs
    Then the step fails with "looked for \EFI\ubuntu\shimx64.efi, \EFI\ubuntu\grubx64.efi, \EFI\debian\shimx64.efi, \EFI\debian\grubx64.efi"
    And the host ran no command

  Scenario: A failing efibootmgr fails the step with its exit code and error
    Given the ESP holds "EFI/ubuntu/shimx64.efi"
    And the command "efibootmgr -c -d /dev/sda -p 1 -L Ubuntu -l '\EFI\ubuntu\shimx64.efi'" fails with "Could not prepare Boot variable: No space left on device"
    When the step create-efi-boot-entry runs
    Then the step fails with "exited 1: Could not prepare Boot variable: No space left on device"

  Scenario: An image without an ESP gets no entry, with a warning
    Given the target disk is /dev/sda without an ESP
    When the step create-efi-boot-entry runs
    Then the step succeeds
    And the step detail says "no EFI system partition on /dev/sda: no boot entry created"
    And the host ran no command

  Scenario: A BIOS-booted host gets no entry, and the run goes on (v0.0.1 failed here)
    Given the host was booted by BIOS
    When the step create-efi-boot-entry runs
    Then the step succeeds
    And the step detail says "not an EFI host: no boot entry created"
    And the host ran no command
