Feature: VLAN pre-step
  VLANS (``ID:parent[:address[:gateway]]``) are set up before every other mode (spec
  networking.md §7.3). A VLAN that fails is skipped and the others go on. The first VLAN that came
  up is the interface of the mode above it when STATIC_IFACE is empty.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | yes     |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |

  Scenario: A VLAN with its own address and gateway needs no other mode
    Given the configuration:
      """
      VLANS=200:eth0:10.20.0.5/24:10.20.0.1
      """
    When booty brings the network up
    Then there is a VLAN "eth0.200" with id 200 on "eth0"
    And "eth0.200" has the address 10.20.0.5/24
    And the default route goes via 10.20.0.1 on "eth0.200"
    And the network is up in static mode on "eth0.200"

  Scenario: The first VLAN becomes the static interface
    Given the configuration:
      """
      VLANS=200:eth0,300:eth1
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      """
    When booty brings the network up
    Then the network is up in static mode on "eth0.200"
    And "eth0.200" has the address 10.0.0.5/24

  Scenario: A VLAN on a missing parent is skipped, the next one comes up
    Given the configuration:
      """
      VLANS=200:eth9,300:eth1:10.30.0.5/24
      """
    When booty brings the network up
    Then a fallback reads "vlan: eth9.200: netlink link set failed: no link named 'eth9'"
    And the network is up in static mode on "eth1.300"

  Scenario: Without an address, DHCP runs on the first VLAN
    Given the configuration:
      """
      VLANS=200:eth0
      """
    And a DHCP server behind "eth0.200" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
    When booty brings the network up
    Then the network is up in dhcp mode on "eth0.200"

  Scenario: When DHCP fails too, the VLANs are removed and the result says so
    Given the configuration:
      """
      VLANS=200:eth0
      """
    When booty brings the network up
    Then the network is not connected and its mode is "dhcp"
    And a fallback reads "no DHCP lease on eth0.200 within 30 s"
    And there is no link "eth0.200"

  Scenario: Teardown deletes the VLANs it created
    Given the configuration:
      """
      VLANS=200:eth0:10.20.0.5/24:10.20.0.1
      """
    When booty brings the network up
    And booty tears the network down
    Then there is no link "eth0.200"
    And there is no default route
