Feature: Commands run inside the installed OS
  run-machine-commands runs each file of /deploy/machine-commands/, in name order, as one
  "/bin/bash -c" script (as v0.0.1 did; "/bin/sh -c" where the installed OS has no bash) in the chroot
  of the target root; empty files are skipped. run-post-provision-cmds
  runs each POST_PROVISION_CMDS entry (split on ";") the same way. Output lines are logged; the
  first failing command stops the step with its exit code and the tail of its error output.

  Scenario: Machine commands run in name order, trimmed, inside the target root
    Given the deploy folder machine-commands holds:
      | path          | mode | content                       |
      | 20-enable.sh  | 0644 | systemctl enable node-agent\n |
      | 10-update.sh  | 0755 | \n  apt-get update  \n        |
      | 15-empty.sh   | 0644 | \n                            |
    When the step run-machine-commands runs
    Then the step succeeds
    And the step detail is "2 machine command(s) run from /deploy/machine-commands"
    And the chroot ran:
      | root     | command                                    |
      | /newroot | /bin/sh -c 'apt-get update'                |
      | /newroot | /bin/sh -c 'systemctl enable node-agent'   |
    And the log has "Running machine command" with file=10-update.sh, command=apt-get update

  Scenario: Without the folder there is nothing to run
    When the step run-machine-commands runs
    Then the step succeeds
    And the step detail is "no /deploy/machine-commands: nothing to run"
    And nothing ran in the chroot

  Scenario: The output of a command is logged line by line
    Given the deploy folder machine-commands holds:
      | path     | mode | content          |
      | 10-hi.sh | 0644 | echo hi; echo ho |
    And the chroot script "echo hi; echo ho" prints "hi\nho"
    When the step run-machine-commands runs
    Then the log has "Command output" with command=machine command 10-hi.sh, stream=stdout, line=ho

  Scenario: The first failing machine command stops the step
    Given the deploy folder machine-commands holds:
      | path          | mode | content                    |
      | 10-install.sh | 0644 | apt-get install -y missing |
      | 20-after.sh   | 0644 | touch /after               |
    And the chroot script "apt-get install -y missing" exits 100 with stderr "E: Unable to locate package missing"
    When the step run-machine-commands runs
    Then the step fails with "machine command 10-install.sh: exit 100: E: Unable to locate package missing"
    And the chroot ran:
      | root     | command                                     |
      | /newroot | /bin/sh -c 'apt-get install -y missing'     |

  Scenario: A symlink in the machine-commands folder is not run
    Given the deploy folder machine-commands has the symlink 10-link.sh pointing to "/usr/bin/reboot"
    When the step run-machine-commands runs
    Then the step succeeds
    And nothing ran in the chroot
    And the log says "Machine command skipped: it is a symlink"

  Scenario: Post-provision commands run one by one; blank entries are dropped
    Given the deploy vars also set POST_PROVISION_CMDS="apt update; systemctl enable foo; "
    When the step run-post-provision-cmds runs
    Then the step succeeds
    And the chroot ran:
      | root     | command                                |
      | /newroot | /bin/sh -c 'apt update'                |
      | /newroot | /bin/sh -c 'systemctl enable foo'      |
    And the log has "Running post-provision command" with index=2, command=systemctl enable foo

  Scenario: Where the installed OS has bash, commands run with bash as in v0.0.1
    Given the installed OS has the programs "/bin/bash"
    And the deploy vars also set POST_PROVISION_CMDS="echo $((6*7))"
    When the step run-post-provision-cmds runs
    Then the step succeeds
    And the chroot ran:
      | root     | command                      |
      | /newroot | /bin/bash -c 'echo $((6*7))' |

  Scenario: A failing post-provision command stops the step, naming its number and text
    Given the deploy vars also set POST_PROVISION_CMDS="failing-command; echo never"
    And the chroot script "failing-command" exits 127 with stderr "sh: 1: failing-command: not found"
    When the step run-post-provision-cmds runs
    Then the step fails with "post-provision cmd 1 (failing-command): exit 127: sh: 1: failing-command: not found"
    And the chroot ran:
      | root     | command                     |
      | /newroot | /bin/sh -c failing-command  |

  Scenario: The token never appears in the logs or the error of a command
    Given the deploy vars also set TOKEN="s3cr3t-token"
    And the deploy vars also set POST_PROVISION_CMDS="curl -H 'Authorization: Bearer s3cr3t-token' https://ctl/x"
    And the chroot script "curl -H 'Authorization: Bearer s3cr3t-token' https://ctl/x" exits 22 with stderr "curl: (22) 403 for s3cr3t-token"
    When the step run-post-provision-cmds runs
    Then the step fails with "post-provision cmd 1 (curl -H 'Authorization: Bearer ***' https://ctl/x): exit 22: curl: (22) 403 for ***"
    And no log record contains "s3cr3t-token"
