Feature: The default entry is the one GRUB boots when nobody touches the keyboard
  GRUB picks the entry its `default` variable names: a menuentry id, a title, an index (a number
  that is the whole value, so a stale BLS id starting with digits is none), or a path into a
  submenu such as `1>2` or `Advanced options for Ubuntu>Ubuntu, with Linux ...`. grub.cfg
  usually sets it from the GRUB environment block: `saved_entry` (grub-set-default,
  GRUB_DEFAULT=saved) and, for one boot only, `next_entry` (grub-reboot). A default that names no
  entry falls back to the first entry, as GRUB does. booty reports which entry and why.

  Background:
    Given the grub.cfg:
      """
      if [ -s $prefix/grubenv ]; then
        load_env
      fi
      if [ "${next_entry}" ] ; then
         set default="${next_entry}"
         set next_entry=
         save_env next_entry
         set boot_once=true
      else
         set default="${saved_entry}"
      fi
      if [ x"${feature_menuentry_id}" = xy ]; then
        menuentry_id_option="--id"
      else
        menuentry_id_option=""
      fi
      export menuentry_id_option
      menuentry 'Ubuntu' --class ubuntu $menuentry_id_option 'gnulinux-simple-42' {
        linux /boot/vmlinuz-6.8.0-35-generic root=/dev/sda2 ro quiet splash
        initrd /boot/initrd.img-6.8.0-35-generic
      }
      submenu 'Advanced options for Ubuntu' $menuentry_id_option 'gnulinux-advanced-42' {
        menuentry 'Ubuntu, with Linux 6.8.0-35-generic' $menuentry_id_option 'gnulinux-6.8.0-35-generic-advanced-42' {
          linux /boot/vmlinuz-6.8.0-35-generic root=/dev/sda2 ro quiet splash
          initrd /boot/initrd.img-6.8.0-35-generic
        }
        menuentry 'Ubuntu, with Linux 6.8.0-35-generic (recovery mode)' $menuentry_id_option 'gnulinux-6.8.0-35-generic-recovery-42' {
          linux /boot/vmlinuz-6.8.0-35-generic root=/dev/sda2 ro recovery nomodeset
          initrd /boot/initrd.img-6.8.0-35-generic
        }
        menuentry 'Ubuntu, with Linux 6.8.0-31-generic' $menuentry_id_option 'gnulinux-6.8.0-31-generic-advanced-42' {
          linux /boot/vmlinuz-6.8.0-31-generic root=/dev/sda2 ro quiet splash
          initrd /boot/initrd.img-6.8.0-31-generic
        }
      }
      menuentry 'Memory test (memtest86+x64.bin)' {
        linux /boot/memtest86+x64.bin
      }
      """

  Scenario Outline: saved_entry names the default as GRUB understands it
    Given the grubenv holds:
      | name        | value         |
      | saved_entry | <saved entry> |
    When booty chooses the default entry
    Then the default entry is "<title>"
    And the default entry is at menu position "<position>"
    And the reason says "<why>"

    Examples:
      | saved entry                                                    | title                                | position | why                                                |
      | 0                                                              | Ubuntu                               | 0        | '0' is entry 0                                     |
      | 2                                                              | Memory test (memtest86+x64.bin)      | 2        | '2' is entry 2                                     |
      | Ubuntu                                                         | Ubuntu                               | 0        | matches the title 'Ubuntu'                         |
      | gnulinux-simple-42                                             | Ubuntu                               | 0        | matches the id of 'Ubuntu'                         |
      | 1>2                                                            | Ubuntu, with Linux 6.8.0-31-generic  | 1>2      | '2' is entry 2                                     |
      | Advanced options for Ubuntu>Ubuntu, with Linux 6.8.0-31-generic | Ubuntu, with Linux 6.8.0-31-generic | 1>2      | matches the title 'Ubuntu, with Linux 6.8.0-31-generic' |
      | gnulinux-advanced-42>gnulinux-6.8.0-35-generic-recovery-42     | Ubuntu, with Linux 6.8.0-35-generic (recovery mode) | 1>1 | matches the id of 'Ubuntu, with Linux 6.8.0-35-generic (recovery mode)' |
      | Advanced options for Ubuntu                                    | Ubuntu, with Linux 6.8.0-35-generic  | 1>0      | no default: the first entry                        |
      | 0x2                                                            | Memory test (memtest86+x64.bin)      | 2        | '0x2' is entry 2                                   |

  Scenario Outline: A default that names no entry falls back to the first entry, as GRUB does
    Given the grubenv holds:
      | name        | value         |
      | saved_entry | <saved entry> |
    When booty chooses the default entry
    Then the default entry is "Ubuntu"
    And the reason says "<why>"

    Examples:
      | saved entry                          | why                                                              |
      | Ubuntu, with Linux 6.8.0-31-generic  | names no entry, so GRUB boots the first entry 'Ubuntu'           |
      | 7                                    | '7' is entry 7 of 3, so GRUB boots the first entry 'Ubuntu'      |
      | Debian GNU/Linux                     | names no entry, so GRUB boots the first entry 'Ubuntu'           |
      | 2d1f6a0b-6.8.0-31-generic            | names no entry, so GRUB boots the first entry 'Ubuntu'           |

  Scenario: next_entry wins over saved_entry, for this one boot
    Given the grubenv holds:
      | name        | value                                                    |
      | saved_entry | gnulinux-advanced-42>gnulinux-6.8.0-31-generic-advanced-42 |
      | next_entry  | Memory test (memtest86+x64.bin)                          |
    When booty chooses the default entry
    Then the default entry is "Memory test (memtest86+x64.bin)"
    And the reason says "from next_entry from grubenv"

  Scenario: saved_entry alone picks an entry inside the submenu by its ids
    Given the grubenv holds:
      | name        | value                                                      |
      | saved_entry | gnulinux-advanced-42>gnulinux-6.8.0-31-generic-advanced-42 |
    When booty chooses the default entry
    Then the default entry is "Ubuntu, with Linux 6.8.0-31-generic"
    And the default entry has kernel "/boot/vmlinuz-6.8.0-31-generic"
    And the reason says "from saved_entry from grubenv"

  Scenario: Without a grubenv, GRUB_DEFAULT=saved boots the first entry
    When booty chooses the default entry
    Then the default entry is "Ubuntu"
    And the reason says "saved_entry (unset)"

  Scenario Outline: set default in grub.cfg itself (GRUB_DEFAULT=<value>)
    Given the grub.cfg:
      """
      set default="<value>"
      menuentry 'Debian GNU/Linux' {
        linux /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda2 ro quiet
      }
      submenu 'Advanced options for Debian GNU/Linux' {
        menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64' {
          linux /boot/vmlinuz-6.1.0-18-amd64 root=/dev/sda2 ro quiet
        }
        menuentry 'Debian GNU/Linux, with Linux 6.1.0-17-amd64' {
          linux /boot/vmlinuz-6.1.0-17-amd64 root=/dev/sda2 ro quiet
        }
      }
      """
    When booty chooses the default entry
    Then the default entry is "<title>"
    And the reason says "set on line 1"

    Examples:
      | value                                                                         | title                                       |
      | 0                                                                             | Debian GNU/Linux                            |
      | 1>1                                                                           | Debian GNU/Linux, with Linux 6.1.0-17-amd64 |
      | Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-17-amd64 | Debian GNU/Linux, with Linux 6.1.0-17-amd64 |
      | Debian GNU/Linux                                                              | Debian GNU/Linux                            |

  Scenario: A submenu's own set default picks inside it
    Given the grub.cfg:
      """
      set default=1
      menuentry 'A' {
        linux /boot/a
      }
      submenu 'More' {
        set default=1
        menuentry 'B' {
          linux /boot/b
        }
        menuentry 'C' {
          linux /boot/c
        }
      }
      """
    When booty chooses the default entry
    Then the default entry is "C"

  Scenario: A titled ">" is written ">>" in a default
    Given the grub.cfg:
      """
      set default="A>>B"
      menuentry 'first' {
        linux /boot/first
      }
      menuentry 'A>B' {
        linux /boot/ab
      }
      """
    When booty chooses the default entry
    Then the default entry is "A>B"

  Scenario: An empty submenu has nothing to boot
    Given the grub.cfg:
      """
      set default=0
      submenu 'Nothing here' {
        true
      }
      """
    When booty chooses the default entry
    Then choosing the default entry fails with "no boot entries found: submenu 'Nothing here' of grub.cfg has no entries"
