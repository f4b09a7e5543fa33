Feature: Static mode
  STATIC_IP puts an address on STATIC_IFACE, or on the first physical NIC with carrier, and
  STATIC_GATEWAY becomes the default route (spec networking.md §7.1). Running it twice changes
  nothing. A failure falls back to DHCP.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | no      |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |

  Scenario: Address and default route on the named interface
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      STATIC_IFACE=eth0
      """
    When booty brings the network up
    Then the network is up in static mode on "eth0"
    And "eth0" has the address 10.0.0.5/24
    And the default route goes via 10.0.0.1 on "eth0"

  Scenario: Without STATIC_IFACE the first NIC with carrier is used
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      """
    When booty brings the network up
    Then the network is up in static mode on "eth1"

  Scenario: Running it twice changes nothing
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      STATIC_IFACE=eth1
      """
    When booty brings the network up
    And booty brings the network up again
    Then the network is up in static mode on "eth1"
    And "eth1" has only the address 10.0.0.5/24
    And there is exactly one route

  Scenario: A gateway outside the address's network is used on-link
    Given the configuration:
      """
      STATIC_IP=203.0.113.7/32
      STATIC_GATEWAY=203.0.113.1
      STATIC_IFACE=eth1
      """
    When booty brings the network up
    Then the default route goes via 203.0.113.1 on "eth1", on-link

  Scenario: No carrier anywhere falls back to DHCP
    Given the machine has links:
      | name | physical | mac               | carrier |
      | eth0 | yes      | 02:00:00:00:00:01 | no      |
    And a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
      | router  | 10.0.0.1    |
    And the configuration:
      """
      STATIC_IP=10.0.0.5/24
      """
    When booty brings the network up
    Then the network is up in dhcp mode on "eth0"
    And a fallback reads "static: static network setup failed: no carrier on eth0 within 10 s"

  Scenario: DNS_RESOLVERS are kept for the installed system
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_IFACE=eth1
      dns_resolver=9.9.9.9,1.1.1.1
      """
    When booty brings the network up
    Then the DNS servers for the installed system are "9.9.9.9, 1.1.1.1"

  Scenario: Teardown removes the route, then the address
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      STATIC_IFACE=eth1
      """
    When booty brings the network up
    And booty tears the network down
    Then "eth1" has no address
    And there is no default route
