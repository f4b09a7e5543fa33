Feature: Every worked example of the original GRUB parser, read the way GRUB reads it
  Spec provisioning.md §6.2 lists the upstream fixtures of v0.0.1's grub.cfg scanner and the edge
  cases derived from its algorithm (§6.1). booty reads grub.cfg the way GRUB itself does, so it
  boots what the installed system would boot. Where that differs from v0.0.1, the scenario says
  what v0.0.1 gave and why booty does not.

  Scenario: Ubuntu sample with a recovery entry (upstream fixture)
    Given the grub.cfg:
      """
      menuentry 'Ubuntu' --class ubuntu --class gnu-linux --class gnu --class os {
        recordfail
        load_video
        insmod gzio
        insmod part_gpt
        insmod ext2
        linux /boot/vmlinuz-5.15.0-generic root=/dev/mapper/vg0-root ro quiet
        initrd /boot/initrd.img-5.15.0-generic
      }
      menuentry 'Ubuntu (recovery mode)' --class ubuntu {
        linux /boot/vmlinuz-5.15.0-generic root=/dev/mapper/vg0-root ro recovery nomodeset
        initrd /boot/initrd.img-5.15.0-generic
      }
      """
    When booty reads the boot menu
    Then there are 2 boot entries
    And entry 0 is titled "Ubuntu"
    And entry 0 has kernel "/boot/vmlinuz-5.15.0-generic"
    And entry 0 has the initrds ["/boot/initrd.img-5.15.0-generic"]
    And entry 0 has the command line "root=/dev/mapper/vg0-root ro quiet"

  Scenario Outline: EFI and legacy loader commands (upstream fixtures)
    Given the grub.cfg:
      """
      menuentry "<title>" {
      <kernel command> /boot/vmlinuz <arguments>
      <initrd command> /boot/initrd.img
      }
      """
    When booty reads the boot menu
    Then there is 1 boot entry
    And entry 0 has kernel "/boot/vmlinuz"
    And entry 0 has the initrds ["/boot/initrd.img"]
    And entry 0 has the command line "<arguments>"

    Examples:
      | title      | kernel command | initrd command | arguments              |
      | Ubuntu EFI | linuxefi       | initrdefi      | root=UUID=abc ro       |
      | Legacy     | linux16        | initrd16       | console=tty0           |

  Scenario: An empty grub.cfg has no entries, and choosing one fails (upstream fixture)
    Given the grub.cfg:
      """
      """
    When booty reads the boot menu
    Then there are 0 boot entries
    And choosing the default entry fails with "no boot entries found: grub.cfg defines no menu entry"

  Scenario: Without a default the first of two entries boots (upstream fixture)
    Given the grub.cfg:
      """
      menuentry 'first' {
        linux /boot/vmlinuz-first
      }
      menuentry 'second' {
        linux /boot/vmlinuz-second
      }
      """
    When booty chooses the default entry
    Then the default entry is "first"

  Scenario: A menuentry that is never closed is dropped (upstream fixture; v0.0.1 kept 'Orphan')
    GRUB keeps reading to the end of the file for the closing brace, finds none, and reports a
    syntax error: the entry never reaches the menu.
    Given the grub.cfg:
      """
      menuentry 'Orphan' {
        linux /boot/vmlinuz root=/dev/sda1
        initrd /boot/initrd.img
      """
    When booty reads the boot menu
    Then there are 0 boot entries
    And GRUB reports a problem on line 4

  Scenario Outline: Entry titles (upstream fixture)
    Given the grub.cfg:
      """
      <menuentry line>
        linux /boot/vmlinuz
      }
      """
    When booty reads the boot menu
    Then entry 0 is titled "<title>"

    Examples:
      | menuentry line                                       | title            |
      | menuentry 'Ubuntu' --class os {                      | Ubuntu           |
      | menuentry "Debian GNU/Linux" --class debian {        | Debian GNU/Linux |
      | menuentry Fallback {                                 | Fallback         |

  Scenario: set default="0" and the exact arguments of the first entry (upstream fixture)
    Given the grub.cfg:
      """
      set default="0"
      menuentry 'Ubuntu' {
        linux /boot/vmlinuz root=/dev/sda1 ro
        initrd /boot/initrd.img
      }
      menuentry 'Recovery' {
        linux /boot/vmlinuz root=/dev/sda1 ro single
        initrd /boot/initrd.img
      }
      """
    When booty chooses the default entry
    Then there are 2 boot entries
    And the default entry is "Ubuntu"
    And the default entry has the command line "root=/dev/sda1 ro"

  Scenario: Arguments with commas and UUIDs are kept whole (upstream fixture)
    Given the grub.cfg:
      """
      menuentry 'Ubuntu' {
        linux /boot/vmlinuz-5.15.0-91-generic root=UUID=abc-123 ro console=ttyS0,115200 quiet
      }
      """
    When booty reads the boot menu
    Then entry 0 has the command line "root=UUID=abc-123 ro console=ttyS0,115200 quiet"

  Scenario: Ubuntu's submenu layout (derived; v0.0.1 flattened it and kept "$vt_handoff" literally)
    The nested entry keeps its place inside the submenu, and $vt_handoff is expanded: GRUB sets it
    to vt.handoff=7 through Ubuntu's gfxmode function, and to nothing where it is never set.
    Given the grub.cfg:
      """
      menuentry 'Ubuntu' --class ubuntu {
        linux /boot/vmlinuz-6.8.0-31-generic root=/dev/sda2 ro quiet splash $vt_handoff
      }
      submenu 'Advanced options for Ubuntu' {
        menuentry 'Ubuntu, with Linux 6.8.0-31-generic' --class ubuntu {
          linux /boot/vmlinuz-6.8.0-31-generic root=/dev/sda2 ro quiet splash $vt_handoff
        }
      }
      """
    When booty reads the boot menu
    Then the boot entries are:
      | title                               | menu position |
      | Ubuntu                              | 0             |
      | Ubuntu, with Linux 6.8.0-31-generic | 1>0           |
    And entry 0 has the command line "root=/dev/sda2 ro quiet splash"

  Scenario: A ${variable} in the linux line is expanded (derived; v0.0.1 skipped the whole line)
    Given the grub.cfg:
      """
      set extra_cmdline="console=ttyS1"
      menuentry 'A' {
        linux /boot/vmlinuz root=/dev/sda1 ${extra_cmdline}
      }
      """
    When booty reads the boot menu
    Then entry 0 has kernel "/boot/vmlinuz"
    And entry 0 has the command line "root=/dev/sda1 console=ttyS1"

  Scenario Outline: Only the branch of an if that GRUB takes runs (derived; v0.0.1 took the last linux line)
    Given GRUB runs on the "<platform>" platform
    And the grub.cfg:
      """
      menuentry 'A' {
        if [ "$grub_platform" = efi ]; then
          linux /boot/vmlinuz-efi quiet
        else
          linux /boot/vmlinuz-bios quiet splash
        fi
      }
      """
    When booty reads the boot menu
    Then entry 0 has kernel "<kernel>"
    And entry 0 has the command line "<arguments>"

    Examples:
      | platform | kernel             | arguments    |
      | pc       | /boot/vmlinuz-bios | quiet splash |
      | efi      | /boot/vmlinuz-efi  | quiet        |

  Scenario: Several initrds on one line are all loaded (derived; v0.0.1 kept only the first)
    Given the grub.cfg:
      """
      menuentry 'Arch' {
        linux /vmlinuz-linux root=/dev/sda2 rw
        initrd /intel-ucode.img /initramfs-linux.img
      }
      """
    When booty reads the boot menu
    Then entry 0 has the initrds ["/intel-ucode.img", "/initramfs-linux.img"]

  Scenario: An unclosed entry swallows the entries after it (derived; v0.0.1 kept 'B')
    GRUB reads 'B' as a command inside 'A' and reaches the end of the file with 'A' still open.
    Given the grub.cfg:
      """
      menuentry 'A' {
        linux /boot/a
      menuentry 'B' {
        linux /boot/b
      }
      """
    When booty reads the boot menu
    Then there are 0 boot entries
    And GRUB reports a problem on line 6

  Scenario: A brace on the line after menuentry is a syntax error (derived; same result as v0.0.1)
    Given the grub.cfg:
      """
      menuentry 'A'
      {
        linux /boot/a x
      }
      menuentry 'B' {
        linux /boot/b
      }
      """
    When booty reads the boot menu
    Then the boot entries are:
      | title | menu position |
      | B     | 0             |
    And GRUB reports a problem on line 1
    And GRUB reports a problem on line 2
    And GRUB reports a problem on line 4

  Scenario: A whole entry on one line is an entry (derived; v0.0.1 dropped 'A')
    Given the grub.cfg:
      """
      menuentry 'A' { linux /boot/a }
      menuentry 'B' {
        linux /boot/b
      }
      """
    When booty reads the boot menu
    Then the boot entries are:
      | title | menu position |
      | A     | 0             |
      | B     | 1             |
    And entry 0 has kernel "/boot/a"

  Scenario Outline: Quotes in titles follow GRUB's quoting (derived)
    Given the grub.cfg:
      """
      <menuentry line>
        linux /boot/a
      }
      """
    When booty reads the boot menu
    Then entry 0 is titled "<title>"

    Examples: v0.0.1 gave "s Tom" for the first and "--class os Plain" for the last
      | menuentry line                  | title       |
      | menuentry "It's Tom's" {        | It's Tom's  |
      | menuentry "Bob's entry" {       | Bob's entry |
      | menuentry --class os Plain {    | Plain       |

  Scenario: Loader keywords are exact and case-sensitive (derived)
    Given the grub.cfg:
      """
      menuentry 'A' {
        Linux /boot/a
        linuxefi16 /boot/c
        linux /boot/ok
      }
      """
    When booty reads the boot menu
    Then entry 0 has kernel "/boot/ok"

  Scenario: A tab after menuentry separates words like a space (derived; v0.0.1 found no entry)
    Given the grub.cfg, with "\t" standing for a tab:
      """
      menuentry\t'A' {
        linux /boot/a
      }
      """
    When booty reads the boot menu
    Then there is 1 boot entry
    And entry 0 is titled "A"

  Scenario: A line longer than 64 KiB is read like any other (v0.0.1 failed the whole parse)
    Given a grub.cfg whose only entry has a linux line of 70000 characters
    When booty reads the boot menu
    Then there is 1 boot entry
    And GRUB reports no problem
