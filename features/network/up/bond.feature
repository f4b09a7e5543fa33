Feature: Bond pre-step
  BOND_INTERFACES puts its links into bond0 with BOND_MODE (802.3ad when empty), before the mode
  that gives bond0 its address (spec networking.md §7.2). miimon is 100 ms; the LACP rate exists
  for 802.3ad only and the hash policy for the hashing modes only.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | yes     |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |
      | eth2 | yes      | 02:00:00:00:00:03 | yes     |

  Scenario Outline: Kernel settings of the bond for each BOND_MODE
    Given the configuration:
      """
      BOND_INTERFACES=eth0,eth1
      BOND_MODE=<mode>
      STATIC_IP=10.0.0.5/24
      """
    When booty brings the network up
    Then "bond0" is a bond in mode "<kernel mode>" with miimon 100
    And "bond0" has LACP rate "<rate>" and hash policy "<policy>"
    And "eth0" and "eth1" are slaves of "bond0"
    And the network is up in static mode on "bond0"

    Examples:
      | mode          | kernel mode   | rate | policy    |
      | 802.3ad       | 802.3ad       | fast | layer3+4  |
      | lacp          | 802.3ad       | fast | layer3+4  |
      | active-backup | active-backup | -    | layer2    |
      | balance-xor   | balance-xor   | -    | layer3+4  |
      | balance-rr    | balance-rr    | -    | layer2    |

  Scenario: Without STATIC_IP, DHCP runs on the bond only
    Given the configuration:
      """
      BOND_INTERFACES=eth0,eth1
      """
    And a DHCP server behind "bond0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
      | router  | 10.0.0.1    |
    When booty brings the network up
    Then DHCP was asked on "bond0" at once, for 30 s
    And the network is up in dhcp mode on "bond0"

  Scenario: A missing slave is skipped with its reason
    Given the configuration:
      """
      BOND_INTERFACES=eth0,eth9
      STATIC_IP=10.0.0.5/24
      """
    When booty brings the network up
    Then "eth0" is a slave of "bond0"
    And bond slave "eth9" was skipped because "no such link"

  Scenario: A bond without any slave is removed and DHCP runs on the NICs
    Given the configuration:
      """
      BOND_INTERFACES=eth8,eth9
      """
    And a DHCP server behind "eth2" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
    When booty brings the network up
    Then there is no link "bond0"
    And a fallback reads "bond network setup failed: no slave could be enslaved to bond0"
    And the network is up in dhcp mode on "eth2"

  Scenario: A kernel without bonding support
    Given the kernel has no bond support
    And the configuration:
      """
      BOND_INTERFACES=eth0,eth1
      STATIC_IP=10.0.0.5/24
      STATIC_IFACE=eth2
      """
    When booty brings the network up
    Then a fallback reads "netlink link add failed: Operation not supported"
    And the network is up in static mode on "eth2"

  Scenario: Teardown deletes the bond it created
    Given the configuration:
      """
      BOND_INTERFACES=eth0,eth1
      STATIC_IP=10.0.0.5/24
      """
    When booty brings the network up
    And booty tears the network down
    Then there is no link "bond0"
    And "eth0" is not a slave

  Scenario: A bond that was there is reused, and teardown only releases the slaves booty added
    Given a bond "bond0" exists already
    And the configuration:
      """
      BOND_INTERFACES=eth0,eth1
      STATIC_IP=10.0.0.5/24
      """
    When booty brings the network up
    And booty tears the network down
    Then there is a bond "bond0"
    And "eth0" is not a slave
    And "eth1" is not a slave
