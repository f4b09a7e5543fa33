Feature: Network mode priority and fallbacks
  Before it can reach its controller the agent brings the network up (spec networking.md §2).
  VLANs and the bond are prepared first when configured. Then one mode is tried, with fallbacks:
  GoBGP, then FRR, then DHCP; FRR, then DHCP; static, then DHCP; DHCP alone when nothing else is
  configured. DHCP is the floor: it is kept even when it fails. Every choice carries its reason.

  Scenario Outline: The modes tried, in order, for each kind of configuration
    Given the network vars "<vars>"
    When booty plans the network bring-up
    Then it prepares "<prepare>"
    And it tries "<tries>"

    Examples: Spec §2.1 predicates and §9.1
      | vars                                                 | prepare | tries            |
      |                                                      |         | dhcp             |
      | STATIC_IP=10.0.0.5/24                                |         | static, dhcp     |
      | STATIC_IP=10.0.0.5/24 STATIC_GATEWAY=10.0.0.1        |         | static, dhcp     |
      | underlay_subnet=10.0.0.0/24                          |         | dhcp             |
      | asn_server=65000                                     |         | dhcp             |
      | underlay_subnet=10.0.0.0/24 asn_server=65000         |         | frr, dhcp        |
      | underlay_ip=10.0.0.1 asn_server=65000                |         | frr, dhcp        |
      | NETWORK_MODE=gobgp underlay_ip=10.0.0.1 asn_server=65000 |     | gobgp, frr, dhcp |
      | NETWORK_MODE=GoBGP underlay_ip=10.0.0.1 asn_server=65000 |     | gobgp, frr, dhcp |
      | BOND_INTERFACES=eth0,eth1                            | bond    | dhcp             |
      | BOND_MODE=802.3ad                                    |         | dhcp             |
      | VLANS=100:eth0                                       | vlan    | dhcp             |

    Examples: A failed BGP mode falls back to DHCP, never to static (as in v0.0.1)
      | vars                                                                   | prepare | tries            |
      | underlay_ip=10.0.0.1 asn_server=65000 STATIC_IP=10.0.0.5/24            |         | frr, dhcp        |
      | NETWORK_MODE=gobgp underlay_ip=10.0.0.1 asn_server=65000 STATIC_IP=10.0.0.5/24 | | gobgp, frr, dhcp |

    Examples: GoBGP falls back to FRR only when FRR is configured (v0.0.1 tried it regardless)
      | vars                                                 | prepare | tries            |
      | NETWORK_MODE=gobgp underlay_ip=10.0.0.1              |         | gobgp, dhcp      |
      | NETWORK_MODE=gobgp STATIC_IP=10.0.0.5/24             |         | gobgp, dhcp      |

    Examples: Preparation comes before any mode, VLANs before the bond
      | vars                                                                              | prepare    | tries         |
      | VLANS=200:eno1:10.200.0.42/24,300:eno2 STATIC_IP=10.0.0.5/24                      | vlan       | static, dhcp  |
      | VLANS=200:eno1 BOND_INTERFACES=eth0,eth1 underlay_ip=10.0.0.1 asn_server=65000     | vlan, bond | frr, dhcp     |

  Scenario Outline: Every mode records why it is used or skipped
    Given the network vars "<vars>"
    When booty plans the network bring-up
    Then the reason for "<mode>" is "<reason>"

    Examples:
      | vars                                                           | mode   | reason                                                                       |
      |                                                                | vlan   | VLANS is empty                                                               |
      | VLANS=200:eno1,300:eno2                                        | vlan   | VLANS creates eno1.200, eno2.300                                             |
      |                                                                | bond   | BOND_INTERFACES is empty                                                     |
      | BOND_INTERFACES=eth0,eth1 BOND_MODE=lacp                       | bond   | BOND_INTERFACES eth0, eth1 form bond0 (802.3ad)                              |
      | BOND_INTERFACES=eth0 BOND_MODE=active-backup                   | bond   | BOND_INTERFACES eth0 form bond0 (active-backup)                              |
      |                                                                | gobgp  | NETWORK_MODE is not gobgp                                                    |
      | NETWORK_MODE=gobgp                                             | gobgp  | NETWORK_MODE is gobgp                                                        |
      |                                                                | frr    | neither underlay_ip nor underlay_subnet is set and asn_server is not set     |
      | underlay_ip=10.0.0.1                                           | frr    | asn_server is not set                                                        |
      | asn_server=65000                                               | frr    | neither underlay_ip nor underlay_subnet is set                               |
      | underlay_ip=10.0.0.1 asn_server=65000                          | frr    | asn_server and underlay_ip are set                                           |
      | underlay_subnet=10.0.0.0/24 asn_server=65000                   | frr    | asn_server and underlay_subnet are set                                       |
      | NETWORK_MODE=gobgp underlay_ip=10.0.0.1 asn_server=65000       | frr    | fallback when gobgp fails: asn_server and underlay_ip are set                |
      |                                                                | static | STATIC_IP is not set                                                         |
      | STATIC_IP=10.0.0.5/24                                          | static | STATIC_IP is set                                                             |
      | STATIC_IP=10.0.0.5/24 underlay_ip=10.0.0.1 asn_server=65000    | static | STATIC_IP is set, but a failed BGP mode falls back to DHCP, not static (spec §2.2) |
      |                                                                | dhcp   | no other mode is configured                                                  |
      | STATIC_IP=10.0.0.5/24                                          | dhcp   | fallback when static fails; kept even if it fails too                        |
      | NETWORK_MODE=gobgp underlay_ip=10.0.0.1 asn_server=65000       | dhcp   | fallback when frr fails; kept even if it fails too                           |

  Scenario Outline: IPMI detection runs only before a BGP mode
    Given the network vars "<vars>"
    When booty plans the network bring-up
    Then IPMI detection is <needed>

    Examples:
      | vars                                     | needed     |
      |                                          | not needed |
      | STATIC_IP=10.0.0.5/24                    | not needed |
      | underlay_ip=10.0.0.1 asn_server=65000    | needed     |
      | NETWORK_MODE=gobgp                       | needed     |

  Scenario Outline: Static mode's interface after VLAN and bond preparation
    When the preparation brought up VLANs "<vlans up>" and bond "<bond up>" with STATIC_IFACE "<static iface>"
    Then static mode uses the interface "<interface>"

    Examples: Spec §2.2 steps 2 and 3: a configured interface wins, then the first VLAN, then bond0
      | static iface | vlans up          | bond up | interface |
      | eth3         | eno1.200          | yes     | eth3      |
      |              | eno1.200,eno2.300 | yes     | eno1.200  |
      |              |                   | yes     | bond0     |
      |              |                   | no      |           |
