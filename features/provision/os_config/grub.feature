Feature: The installed OS boots with booty's kernel parameters
  configure-grub adds "ds=nocloud console=<serial console> <MACHINE_EXTRA_KERNEL_PARAMS>" to the
  distribution's own kernel parameters and regenerates grub.cfg in the chroot. The serial console
  is ttyS1 on Lenovo machines (the host's DMI sys_vendor says so) and ttyS0 elsewhere. Debian and
  Ubuntu (update-grub) get a drop-in in /etc/default/grub.d; EL and Fedora (grub2-mkconfig), which
  do not read that directory, get the GRUB_CMDLINE_LINUX line of /etc/default/grub extended, and
  grubby updates their BLS entries. v0.0.1 replaced the distribution's parameters instead.

  Scenario: Debian family: a drop-in that appends to the distribution's parameters, then update-grub
    Given the installed OS has the programs "/usr/sbin/update-grub"
    And the host's DMI vendor is "Dell Inc."
    And the deploy vars also set MACHINE_EXTRA_KERNEL_PARAMS="quiet splash"
    When the step configure-grub runs
    Then the step succeeds
    And the file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root is:
      """
      GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS0 quiet splash"
      """
    And the chroot ran:
      | root     | command     |
      | /newroot | update-grub |

  Scenario Outline: The serial console follows the host's DMI vendor
    Given the installed OS has the programs "/usr/sbin/update-grub"
    And the host's DMI vendor is "<vendor>"
    When the step configure-grub runs
    Then the step succeeds
    And the file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root is:
      """
      GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=<console>"
      """

    Examples:
      | vendor            | console |
      | LENOVO            | ttyS1   |
      | Lenovo ThinkSystem | ttyS1  |
      | Dell Inc.         | ttyS0   |
      | Supermicro        | ttyS0   |

  Scenario: Without a readable DMI vendor the console is ttyS0
    Given the installed OS has the programs "/usr/sbin/update-grub"
    When the step configure-grub runs
    Then the step succeeds
    And the step detail is "console ttyS0 (sys_vendor unreadable); debian GRUB: update-grub ran"

  Scenario Outline: update-grub is found where the distribution puts it
    Given the installed OS has the programs "<program>"
    When the step configure-grub runs
    Then the step succeeds
    And the chroot ran:
      | root     | command     |
      | /newroot | update-grub |

    Examples:
      | program                |
      | /usr/sbin/update-grub  |
      | /sbin/update-grub      |

  Scenario: A program that is an absolute symlink is followed inside the target root, not on the ramdisk
    Given the installed OS has the programs "/usr/lib/grub/update-grub"
    And the installed OS has the symlink /usr/sbin/update-grub pointing to "/usr/lib/grub/update-grub"
    When the step configure-grub runs
    Then the step succeeds
    And the chroot ran:
      | root     | command     |
      | /newroot | update-grub |

  Scenario: EL family: GRUB_CMDLINE_LINUX of /etc/default/grub is extended, then grub2-mkconfig and grubby
    Given the installed OS has the programs "/usr/sbin/grub2-mkconfig, /usr/sbin/grubby"
    And the installed OS has the file /etc/default/grub:
      """
      GRUB_TIMEOUT=5
      GRUB_CMDLINE_LINUX="crashkernel=auto rhgb quiet"
      GRUB_ENABLE_BLSCFG=true
      """
    And the deploy vars also set MACHINE_EXTRA_KERNEL_PARAMS="audit=0 quiet"
    When the step configure-grub runs
    Then the step succeeds
    And the file /etc/default/grub in the target root is:
      """
      GRUB_TIMEOUT=5
      GRUB_CMDLINE_LINUX="crashkernel=auto rhgb quiet ds=nocloud console=ttyS0 audit=0"
      GRUB_ENABLE_BLSCFG=true
      """
    And there is no file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root
    And the chroot ran:
      | root     | command                                                               |
      | /newroot | grub2-mkconfig -o /boot/grub2/grub.cfg                                |
      | /newroot | grubby --update-kernel=ALL '--args=ds=nocloud console=ttyS0 audit=0 quiet' |

  Scenario: EL family: a second run leaves /etc/default/grub as it is
    Given the installed OS has the programs "/usr/sbin/grub2-mkconfig"
    And the installed OS has the file /etc/default/grub:
      """
      GRUB_CMDLINE_LINUX="rhgb quiet ds=nocloud console=ttyS0"
      """
    When the step configure-grub runs
    Then the step succeeds
    And the files written into the target root are ""
    And the log says "GRUB_CMDLINE_LINUX already has the parameters"
    And the chroot ran:
      | root     | command                                |
      | /newroot | grub2-mkconfig -o /boot/grub2/grub.cfg |

  Scenario: Plain GRUB: /etc/default/grub is extended, then grub-mkconfig
    Given the installed OS has the programs "/usr/bin/grub-mkconfig"
    And the installed OS has the file /etc/default/grub:
      """
      GRUB_CMDLINE_LINUX=""
      """
    When the step configure-grub runs
    Then the step succeeds
    And the file /etc/default/grub in the target root is:
      """
      GRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0"
      """
    And the chroot ran:
      | root     | command                              |
      | /newroot | grub-mkconfig -o /boot/grub/grub.cfg |

  Scenario: An installed OS without any GRUB tool fails the step, naming what was looked for
    When the step configure-grub runs
    Then the step fails with "no GRUB configuration tool in /newroot: looked for update-grub, grub2-mkconfig, grub-mkconfig in /usr/sbin, /sbin, /usr/bin, /bin"
    And nothing ran in the chroot

  Scenario: A failed update-grub fails the step with its exit code and its error output
    Given the installed OS has the programs "/usr/sbin/update-grub"
    And the chroot command "update-grub" exits 1 with stderr "error: cannot find a GRUB drive for /dev/sda1."
    When the step configure-grub runs
    Then the step fails with "update-grub: exit 1: error: cannot find a GRUB drive for /dev/sda1."

  Scenario Outline: Extra parameters the shell or GRUB would interpret are refused before anything is written
    Given the installed OS has the programs "/usr/sbin/update-grub"
    And the deploy vars also set MACHINE_EXTRA_KERNEL_PARAMS="<extra>"
    When the step configure-grub runs
    Then the step fails with "MACHINE_EXTRA_KERNEL_PARAMS '<extra>' cannot go into the GRUB configuration: it contains <char>"
    And there is no file /etc/default/grub.d/10-caprf-kernel-params.cfg in the target root
    And nothing ran in the chroot

    Examples:
      | extra            | char |
      | memmap=4G$12G    | '$'  |
      | quiet; reboot    | ';'  |
      | a=`id`           | '`'  |

  Scenario: An /etc/default/grub line booty cannot edit safely fails the step, naming the file and line
    Given the installed OS has the programs "/usr/sbin/grub2-mkconfig"
    And the installed OS has the file /etc/default/grub:
      """
      GRUB_TIMEOUT=5
      GRUB_CMDLINE_LINUX="rhgb
        quiet"
      """
    When the step configure-grub runs
    Then the step fails with "/newroot/etc/default/grub: line 2: cannot edit 'GRUB_CMDLINE_LINUX="
    And nothing ran in the chroot
