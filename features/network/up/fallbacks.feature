Feature: Bring-up follows the mode plan, down to DHCP
  booty brings the network up as the plan of features/network/mode_priority.feature says: VLANs
  and the bond first, then GoBGP, FRR, static, and DHCP as the floor, each failed mode handing
  over to the next one the plan names (spec networking.md §2.2).

  GoBGP keeps its place in the order, but this build has no BGP speaker of its own: GoBGP mode
  fails with "GoBGP mode is not available in this build", and the plan's fallback follows.

  The result says which mode is up and why each mode before it failed. When even DHCP gets no
  lease, booty does not pretend: the result's mode stays DHCP (the floor is kept, as the plan
  says) but it is not connected, every failure is listed with its reason, and what the
  preparation created is removed again. The agent acts on that result at once (asking it for a
  connection raises "no network mode came up", naming every reason) instead of waiting five
  minutes for a controller it cannot reach, as v0.0.1 did; "booty net up" exits 1 with the same
  sentence.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | yes     |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |

  Scenario: FRR failing falls back to DHCP
    Given the configuration:
      """
      underlay_ip=10.0.0.20
      asn_server=65020
      """
    And the FRR daemon "bgpd" is not installed
    And a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
      | router  | 10.0.0.1    |
    When booty brings the network up
    Then the network is up in dhcp mode on "eth0"
    And a fallback reads "frr: frr network setup failed: bgpd: program not found: /usr/lib/frr/bgpd"
    And no FRR daemon runs
    And there is no link "br.provision"
    And there is no link "vx0"

  Scenario: A failed BGP mode falls back to DHCP even when STATIC_IP is set
    Given the configuration:
      """
      underlay_ip=10.0.0.20
      asn_server=65020
      STATIC_IP=10.0.0.5/24
      """
    And the FRR daemon "zebra" exits with status 1
    And a DHCP server behind "eth1" answers after 1 s with:
      | field   | value       |
      | address | 10.1.0.9/24 |
    When booty brings the network up
    Then the network is up in dhcp mode on "eth1"
    And booty tried the modes "frr, dhcp"
    And "eth0" has no address

  Scenario: GoBGP is not available; FRR takes over as the plan says
    Given the configuration:
      """
      NETWORK_MODE=gobgp
      underlay_ip=10.0.0.20
      asn_server=65020
      """
    And FRR reports the BGP summary "bgp-summary-unnumbered-established.json"
    When booty brings the network up
    Then the network is up in frr mode over "eth0, eth1"
    And a fallback reads "gobgp: gobgp network setup failed: GoBGP mode is not available in this build"

  Scenario: GoBGP without an FRR configuration falls back to DHCP
    Given the configuration:
      """
      NETWORK_MODE=gobgp
      STATIC_IP=10.0.0.5/24
      """
    And a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
    When booty brings the network up
    Then booty tried the modes "gobgp, dhcp"
    And the network is up in dhcp mode on "eth0"
    And a fallback reads "GoBGP mode is not available in this build"

  Scenario: When even DHCP gets no lease, the result says no mode is up
    Given the configuration:
      """
      STATIC_IP=10.0.0.5/24
      STATIC_IFACE=eth7
      """
    When booty brings the network up
    Then the network is not connected and its mode is "dhcp"
    And a fallback reads "static: netlink link set failed: no link named 'eth7'"
    And a fallback reads "dhcp: dhcp network setup failed: no DHCP lease on eth0, eth1 within 30 s"
    And requiring a connection fails with "dhcp network setup failed: no network mode came up (static: "
    And there is nothing to tear down

  Scenario: When even DHCP fails, the VLANs and the bond of the preparation are removed
    Given the configuration:
      """
      VLANS=200:eth0
      BOND_INTERFACES=eth1
      """
    When booty brings the network up
    Then the network is not connected and its mode is "dhcp"
    And a fallback reads "dhcp: dhcp network setup failed: no DHCP lease on eth0.200 within 30 s"
    And there is no link "eth0.200"
    And there is no link "bond0"
    And "eth1" is not a slave

  Scenario: The mode used and the fallbacks are what teardown needs to know
    Given the configuration:
      """
      VLANS=200:eth0
      STATIC_IP=10.0.0.5/24
      STATIC_GATEWAY=10.0.0.1
      """
    When booty brings the network up
    Then the network is up in static mode on "eth0.200"
    And the record says mode "static" on "eth0.200" with the links "eth0.200"
    When booty tears the network down
    Then there is no link "eth0.200"
    And there is no default route
