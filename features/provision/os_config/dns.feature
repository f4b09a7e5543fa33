Feature: The installed OS gets its DNS resolvers
  configure-dns writes one "nameserver" line per resolver to /etc/resolv.conf of the installed OS:
  the dns_resolver list of /deploy/vars, or, when none is configured, the resolvers DHCP gave the
  ramdisk. A systemd-resolved symlink at /etc/resolv.conf is replaced by the file (its target is a
  tmpfs of the running OS, where a file written now would be hidden at boot).

  Scenario: The configured resolvers are written in order
    Given the deploy vars also set dns_resolver="8.8.8.8,1.1.1.1"
    When the step configure-dns runs
    Then the step succeeds
    And the file /etc/resolv.conf in the target root is:
      """
      nameserver 8.8.8.8
      nameserver 1.1.1.1
      """
    And the file /etc/resolv.conf in the target root has mode 0644
    And the files written into the target root are "/etc/resolv.conf"

  Scenario: The systemd-resolved symlink is replaced by the file
    Given the deploy vars also set dns_resolver="10.0.0.53"
    And the installed OS has the symlink /etc/resolv.conf pointing to "../run/systemd/resolve/stub-resolv.conf"
    When the step configure-dns runs
    Then the step succeeds
    And /etc/resolv.conf in the target root is a file, not a symlink
    And the file /etc/resolv.conf in the target root is:
      """
      nameserver 10.0.0.53
      """
    And the log has "Replacing symlink with a file" with path=/etc/resolv.conf

  Scenario: Without dns_resolver the resolvers learned by DHCP are written
    Given DHCP gave the resolvers "10.0.0.53, 10.0.0.54"
    When the step configure-dns runs
    Then the step succeeds
    And the step detail is "2 nameserver(s) from DHCP"
    And the file /etc/resolv.conf in the target root is:
      """
      nameserver 10.0.0.53
      nameserver 10.0.0.54
      """

  Scenario: Configured resolvers win over the ones DHCP gave
    Given the deploy vars also set dns_resolver="8.8.8.8"
    And DHCP gave the resolvers "10.0.0.53"
    When the step configure-dns runs
    Then the file /etc/resolv.conf in the target root is:
      """
      nameserver 8.8.8.8
      """

  Scenario: With no resolver at all the image's resolv.conf is left alone
    When the step configure-dns runs
    Then the step succeeds
    And the step detail is "no dns_resolver and none learned by DHCP: resolv.conf left as the image has it"
    And there is no file /etc/resolv.conf in the target root

  Scenario: More than three resolvers are all written, with a warning that glibc asks only three
    Given the deploy vars also set dns_resolver="10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4"
    When the step configure-dns runs
    Then the step succeeds
    And the log has "More DNS resolvers than glibc uses: only the first three will be asked" with ignored=10.0.0.4
