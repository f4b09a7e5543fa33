Feature: The installed OS gets its host name
  set-hostname writes HOSTNAME to /etc/hostname of the installed OS and makes the 127.0.1.1 line of
  /etc/hosts name it (the Debian convention), so the machine resolves its own name without DNS.
  The rest of the image's /etc/hosts is kept. v0.0.1 ran this step before the root was mounted,
  so its file landed in the ramdisk, and it never touched /etc/hosts.

  Scenario: /etc/hostname holds the name and a newline
    Given the deploy vars also set HOSTNAME="test-node"
    When the step set-hostname runs
    Then the step succeeds
    And the file /etc/hostname in the target root is:
      """
      test-node
      """
    And the file /etc/hostname in the target root has mode 0644

  Scenario: An image without /etc/hosts gets the localhost entries and the host
    Given the deploy vars also set HOSTNAME="node1.example.com"
    When the step set-hostname runs
    Then the step succeeds
    And the file /etc/hosts in the target root is:
      """
      127.0.0.1 localhost
      127.0.1.1 node1.example.com node1
      ::1 localhost ip6-localhost ip6-loopback
      """

  Scenario: The image's /etc/hosts is kept; its 127.0.1.1 line now names this host
    Given the deploy vars also set HOSTNAME="node1"
    And the installed OS has the file /etc/hosts:
      """
      127.0.0.1 localhost
      127.0.1.1 debian-template
      # The following lines are desirable for IPv6 capable hosts
      ::1     localhost ip6-localhost ip6-loopback
      10.0.0.5 db.internal
      """
    When the step set-hostname runs
    Then the step succeeds
    And the file /etc/hosts in the target root is:
      """
      127.0.0.1 localhost
      127.0.1.1 node1
      # The following lines are desirable for IPv6 capable hosts
      ::1     localhost ip6-localhost ip6-loopback
      10.0.0.5 db.internal
      """

  Scenario: Both files are recorded as written into the target root
    Given the deploy vars also set HOSTNAME="node1"
    When the step set-hostname runs
    Then the files written into the target root are "/etc/hostname, /etc/hosts"
    And no file outside the target root was written
    And the log says "Wrote file in target root"

  Scenario: Without HOSTNAME nothing is written
    When the step set-hostname runs
    Then the step succeeds
    And the step detail is "HOSTNAME is empty: nothing to write"
    And there is no file /etc/hostname in the target root
