Feature: Files from the deploy folder are copied into the installed OS
  copy-provisioner-files copies /deploy/file-system/ and copy-machine-files copies
  /deploy/machine-files/ into the target root, keeping relative paths and permission bits, in
  lexical order. A missing folder is nothing to do. Symlinks in the folder are skipped with a
  warning (v0.0.1 followed them and copied files of the ramdisk by accident). Symlinks inside the
  installed OS are followed the way the installed OS would follow them, never out of the root.

  Scenario Outline: Every file is copied with its permission bits and recorded, in lexical order
    Given the deploy folder <folder> holds:
      | path                          | mode | content              |
      | etc/ssh/sshd_config.d/10.conf | 0600 | PermitRootLogin no\n |
      | etc/motd                      | 0644 | welcome\n            |
      | usr/local/bin/hello           | 0755 | echo hello\n         |
    When the step <step> runs
    Then the step succeeds
    And the step detail is "3 file(s) copied from /deploy/<folder>"
    And the file /etc/ssh/sshd_config.d/10.conf in the target root is:
      """
      PermitRootLogin no
      """
    And the file /etc/ssh/sshd_config.d/10.conf in the target root has mode 0600
    And the file /usr/local/bin/hello in the target root has mode 0755
    And the files written into the target root are "/etc/motd, /etc/ssh/sshd_config.d/10.conf, /usr/local/bin/hello"

    Examples:
      | step                   | folder        |
      | copy-provisioner-files | file-system   |
      | copy-machine-files     | machine-files |

  Scenario Outline: A missing folder is nothing to do
    When the step <step> runs
    Then the step succeeds
    And the step detail is "no /deploy/<folder>: nothing to copy"
    And the files written into the target root are ""

    Examples:
      | step                   | folder        |
      | copy-provisioner-files | file-system   |
      | copy-machine-files     | machine-files |

  Scenario: A symlink in the folder is skipped with a warning
    Given the deploy folder machine-files holds:
      | path     | mode | content |
      | etc/motd | 0644 | welcome |
    And the deploy folder machine-files has the symlink etc/shadow pointing to "/etc/shadow"
    When the step copy-machine-files runs
    Then the step succeeds
    And the step detail is "1 file(s) copied from /deploy/machine-files, 1 skipped"
    And there is no file /etc/shadow in the target root
    And the log has "Tree copy skipped a symlink" with entry=etc/shadow, link_target=/etc/shadow

  Scenario: A symlink of the installed OS is followed inside the target root
    Given the installed OS has the symlink /var/run pointing to "/run"
    And the installed OS has the symlink /bin pointing to "usr/bin"
    And the deploy folder machine-files holds:
      | path           | mode | content |
      | var/run/app.id | 0644 | 42\n    |
      | bin/tool       | 0755 | true\n  |
    When the step copy-machine-files runs
    Then the step succeeds
    And the file /run/app.id in the target root is:
      """
      42
      """
    And the files written into the target root are "/usr/bin/tool, /run/app.id"
    And no file outside the target root was written

  Scenario: An entry that cannot be written fails the step, naming the folder and the entry
    Given the installed OS has the directory /etc/motd
    And the deploy folder machine-files holds:
      | path     | mode | content |
      | etc/motd | 0644 | welcome |
    When the step copy-machine-files runs
    Then the step fails with "copy tree from /deploy/machine-files: etc/motd: Is a directory"
