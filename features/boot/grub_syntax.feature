Feature: grub.cfg is read with GRUB's own script rules
  GRUB's configuration is a small shell language: words split on blanks, single and double quotes,
  backslash escapes, comments, `${variables}` set earlier in the file, functions, `if`, and
  `menuentry`/`submenu` blocks that may close on the line of their last command.

  Scenario Outline: Words, quotes and variables in the linux line
    Given the grub.cfg:
      """
      set var="two words"
      set empty=""
      menuentry 'A' {
        linux /boot/vmlinuz <arguments>
      }
      """
    When booty reads the boot menu
    Then entry 0 has the command line "<command line>"

    Examples:
      | arguments                       | command line                  |
      | root=/dev/sda1 ro               | root=/dev/sda1 ro             |
      | a=$var                          | a=two words                   |
      | "a=$var"                        | "a=two words"                 |
      | a=${var}b                       | a=two wordsb                  |
      | $empty quiet                    | quiet                         |
      | '$var' quiet                    | $var quiet                    |
      | x\ y                            | "x y"                         |
      | "\$HOME"                        | $HOME                         |
      | quiet # a comment               | quiet                         |
      | quiet#not-a-comment             | quiet#not-a-comment           |
      | $unset                          |                               |
      | it\'s                           | it\'s                         |

  Scenario Outline: Titles and ids of entries
    Given the grub.cfg:
      """
      <menuentry line>
        linux /boot/a
      }
      """
    When booty reads the boot menu
    Then entry 0 is titled "<title>"
    And entry 0 has the id "<id>"

    # An option's value is the next argument only when that does not start with "-"; RHEL's
    # --users may go without one. menuentry takes unknown options as arguments, even as the title.
    Examples:
      | menuentry line                                         | title          | id              |
      | menuentry 'Ubuntu' --class ubuntu --id 'gnulinux-1' {  | Ubuntu         | gnulinux-1      |
      | menuentry "Debian" --id=deb-1 {                        | Debian         | deb-1           |
      | menuentry 'Plain' {                                    | Plain          | Plain           |
      | menuentry 'Multi' 'extra' --unrestricted {             | Multi          | Multi           |
      | menuentry -- '--dashes' {                              | --dashes       | --dashes        |
      | menuentry "Say \"hi\"" {                               | Say "hi"       | Say "hi"        |
      | menuentry $"Translated" {                              | Translated     | Translated      |
      | menuentry 'RHEL' --users $grub_users --id 'bls-1' {    | RHEL           | bls-1           |
      | menuentry 'RHEL' --users root --id 'bls-2' {           | RHEL           | bls-2           |
      | menuentry 'RHEL' --users "" --id 'bls-3' {             | RHEL           | bls-3           |
      | menuentry 'Dash' --id=-d1 {                            | Dash           | -d1             |
      | menuentry --bogus 'Odd' {                              | --bogus        | --bogus         |
      | menuentry -x 'Odd' --id odd-1 {                        | -x             | odd-1           |

  Scenario Outline: Commands GRUB refuses do not make an entry
    Given the grub.cfg:
      """
      <line>
      menuentry 'Good' {
        linux /boot/good
      }
      """
    When booty reads the boot menu
    Then the boot entries are:
      | title | menu position |
      | Good  | 0             |
    And GRUB reports a problem on line 1

    # An option that needs a value and gets none, a value for --unrestricted, -h/--help (GRUB prints
    # its help instead), no title, a redirection, a lone "$", a stray "fi" or "}".
    Examples:
      | line                                              |
      | menuentry --id { linux /bad }                     |
      | menuentry 'Bad' --id --class x { linux /bad }     |
      | menuentry 'Bad' --class -x { linux /bad }         |
      | menuentry 'Bad' --unrestricted=yes { linux /bad } |
      | menuentry -h 'Bad' { linux /bad }                 |
      | menuentry 'Bad' --help { linux /bad }             |
      | menuentry { linux /bad }                          |
      | menuentry 'Bad' > x                               |
      | menuentry 'Bad' $ { linux /bad }                  |
      | fi                                                |
      | } stray                                           |

  Scenario: Functions, their arguments and positional parameters
    Given the grub.cfg:
      """
      function gfxmode {
        set gfxpayload="${1}"
        if [ "${1}" = "keep" ]; then
          set vt_handoff=vt.handoff=7
        else
          set vt_handoff=
        fi
      }
      set linux_gfx_mode=keep
      export linux_gfx_mode
      menuentry 'Ubuntu' {
        gfxmode $linux_gfx_mode
        linux /boot/vmlinuz root=/dev/sda1 ro quiet splash $vt_handoff
      }
      menuentry 'Text' {
        gfxmode text
        linux /boot/vmlinuz root=/dev/sda1 ro $vt_handoff
      }
      """
    When booty reads the boot menu
    Then entry 0 has the command line "root=/dev/sda1 ro quiet splash vt.handoff=7"
    And entry 1 has the command line "root=/dev/sda1 ro"

  Scenario: The last linux line and the initrd after it are what boots
    Given the grub.cfg:
      """
      menuentry 'A' {
        linux /boot/old quiet
        initrd /boot/old.img
        linux /boot/new
        initrd /boot/new.img /boot/extra.img
      }
      menuentry 'B' {
        initrd /boot/too-early.img
        linux /boot/b
      }
      """
    When booty reads the boot menu
    Then entry 0 has kernel "/boot/new"
    And entry 0 has the initrds ["/boot/new.img", "/boot/extra.img"]
    And entry 0 has an empty command line
    And entry 1 has no initrd

  Scenario: Variables set after an entry are seen when it boots, and for loops run
    Given the grub.cfg:
      """
      menuentry 'A' {
        linux /boot/vmlinuz-$kver $opts
      }
      for v in one two; do set last=$v; done
      set kver=6.8.0
      set opts="ro $last"
      while true; do set opts=never; done
      """
    When booty reads the boot menu
    Then entry 0 has kernel "/boot/vmlinuz-6.8.0"
    And entry 0 has the command line "ro two"

  Scenario: A chainloader entry loads no Linux kernel
    Given the grub.cfg:
      """
      menuentry 'Windows Boot Manager' {
        insmod chain
        chainloader /EFI/Microsoft/Boot/bootmgfw.efi
      }
      """
    When booty reads the boot menu
    Then entry 0 has kernel ""

  Scenario: configfile targets are noted, not followed
    Given the grub.cfg:
      """
      search.fs_uuid 0f3a8c2e root hd0,gpt2
      set prefix=(hd0,gpt2)'/boot/grub'
      configfile $prefix/grub.cfg
      """
    When booty reads the boot menu
    Then there are 0 boot entries
    And the configuration hands over to "(hd0,gpt2)/boot/grub/grub.cfg"

  Scenario: A syntax error inside a block loses the rest of the file, as in GRUB
    GRUB reads on while a block is open, so the broken statement runs to the end of the file.
    Given the grub.cfg:
      """
      menuentry 'Good' {
        linux /boot/good
      }
      menuentry 'Bad' { }
      menuentry 'Lost' {
        linux /boot/lost
      }
      """
    When booty reads the boot menu
    Then the boot entries are:
      | title | menu position |
      | Good  | 0             |
    And GRUB reports a problem on line 4
