Feature: load-kexec, kexec and reboot: how the machine leaves the ramdisk
  load-kexec reads the installed system's default boot entry while the root is still mounted and
  stages its kernel; kexec boots it only after success was reported and the logs were flushed.
  When kexec is disabled, skipped or fails, the reboot step reboots. v0.0.1 read grub.cfg after the
  root was unmounted, so a good run never kexec'ed.

  Background:
    Given the installed OS boots "Ubuntu" from /boot/vmlinuz-6.8.0-31-generic with /boot/initrd.img-6.8.0-31-generic

  Scenario: The default entry's kernel is loaded with its command line
    Given the agent really leaves the ramdisk
    When the step load-kexec runs
    Then the step succeeds
    And the staged kexec kernel is /newroot/boot/vmlinuz-6.8.0-31-generic with /newroot/boot/initrd.img-6.8.0-31-generic and "root=UUID=0b7c ro quiet"
    And the log says "Kexec kernel loaded"

  Scenario: With --no-reboot nothing is loaded into the running kernel
    When the step load-kexec runs
    Then the step succeeds
    And no kexec kernel is staged on the host
    And the log says "Would load kexec kernel (--no-reboot)"

  Scenario Outline: kexec or reboot
    Given the agent really leaves the ramdisk
    And the deploy vars also set DISABLE_KEXEC="<disable_kexec>"
    And <situation>
    When the end of the provision run is played
    Then the machine left the ramdisk by <exit>
    And the controller received the statuses "success"

    Examples:
      | disable_kexec | situation                                      | exit   |
      | false         | nothing else is special                        | kexec  |
      | true          | nothing else is special                        | reboot |
      | false         | setup-mellanox changed the NIC firmware        | reboot |
      | false         | the installed OS has no grub.cfg               | reboot |
      | false         | the kernel file of the entry is missing        | reboot |
      | false         | the entry has two initrds, which kexec refuses | reboot |

  Scenario: RHEL 8 orders its BLS entries by their version key
    Given the installed OS has the file /etc/os-release:
      """
      NAME="Rocky Linux"
      ID="rocky"
      PLATFORM_ID="platform:el8"
      """
    And the installed OS has the BLS entries:
      | file                                    | version                 |
      | ffff-4.18.0-80.el8.x86_64.conf          | 4.18.0-80.el8.x86_64    |
      | aaaa-4.18.0-513.24.1.el8_9.x86_64.conf  | 4.18.0-513.24.1.el8_9.x86_64 |
    When the step load-kexec runs
    Then the step succeeds
    And the kexec title is "Rocky Linux (4.18.0-513.24.1.el8_9.x86_64)"

  Scenario: Fedora and RHEL 9 order their BLS entries by file name
    Given the installed OS has the file /etc/os-release:
      """
      NAME="Fedora Linux"
      ID=fedora
      PLATFORM_ID="platform:f40"
      """
    And the installed OS has the BLS entries:
      | file                                    | version                 |
      | ffff-4.18.0-80.el8.x86_64.conf          | 4.18.0-80.el8.x86_64    |
      | aaaa-4.18.0-513.24.1.el8_9.x86_64.conf  | 4.18.0-513.24.1.el8_9.x86_64 |
    When the step load-kexec runs
    Then the step succeeds
    And the kexec title is "Rocky Linux (4.18.0-80.el8.x86_64)"

  Scenario: kexec with no loaded kernel hands over to reboot
    When the step kexec runs
    Then the step fails with "no kexec kernel loaded"

  Scenario: --no-reboot says what would happen
    When the steps load-kexec, kexec, reboot run
    Then the log says "Would kexec into Ubuntu (--no-reboot)"
    And the log does not say "Would reboot"
    And the host was not rebooted
