Feature: DHCP mode
  With no other mode configured, booty asks for a DHCP lease on every physical NIC at the same
  time; the first lease wins and the other clients stop (spec networking.md §6, where v0.0.1 asked
  one NIC after the other, 15 s each). The lease's first router becomes the default gateway, not
  the DHCP server's own address, and its name servers are kept for the installed system.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | yes     |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |
      | br0  | no       | 02:00:00:00:00:03 | yes     |

  Scenario: Every physical NIC is asked at once and the quickest lease wins
    Given a DHCP server behind "eth0" answers after 5 s with:
      | field   | value        |
      | address | 10.0.0.5/24  |
      | router  | 10.0.0.1     |
    And a DHCP server behind "eth1" answers after 2 s with:
      | field   | value        |
      | address | 10.9.0.7/24  |
      | router  | 10.9.0.1     |
    When booty runs DHCP
    Then DHCP was asked on "eth0, eth1" at once, for 30 s
    And the network is up in dhcp mode on "eth1"
    And "eth1" has the address 10.9.0.7/24
    And "eth0" has no address
    And 2 s passed

  Scenario: The router option is the gateway, not the server identifier
    Given a DHCP server behind "eth0" answers after 1 s with:
      | field   | value              |
      | address | 10.0.0.5/24        |
      | router  | 10.0.0.254         |
      | server  | 10.0.0.2           |
      | dns     | 10.0.0.53, 1.1.1.1 |
    When booty runs DHCP
    Then the default route goes via 10.0.0.254 on "eth0"
    And the DNS servers for the installed system are "10.0.0.53, 1.1.1.1"

  Scenario: A router outside the leased subnet is used on-link
    Given a DHCP server behind "eth0" answers after 1 s with:
      | field   | value          |
      | address | 192.0.2.10/32  |
      | router  | 192.0.2.1      |
    When booty runs DHCP
    Then the default route goes via 192.0.2.1 on "eth0", on-link

  Scenario: No lease in time is an error naming the interfaces and the timeout
    When booty runs DHCP
    Then the setup failed with "dhcp network setup failed: no DHCP lease on eth0, eth1 within 30 s"
    And 30 s passed

  Scenario: A machine without physical NICs cannot do DHCP
    Given the machine has links:
      | name | physical | mac | carrier |
      | lo   | no       |     | no      |
    When booty runs DHCP
    Then the setup failed with "no candidate interface"

  Scenario: Teardown stops the client and removes the address and route
    Given a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.5/24 |
      | router  | 10.0.0.1    |
    When booty runs DHCP
    And booty tears the network down
    Then "eth0" has no address
    And there is no default route
    And no DHCP client is running
