Feature: FRR configuration of FRR/EVPN mode
  In FRR mode booty renders frr.conf (spec networking.md §4.3 to §4.7), writes it into its own
  FRR root (etc/frr.conf under /run/booty/frr by default; v0.0.1 wrote /etc/frr/frr.conf) and
  loads it into the daemons it started with "vtysh -b" (features/network/up/frr.feature). It
  holds eBGP unnumbered to every fabric NIC through the peer group "fabric", IPv4 (and for an
  IPv6 overlay IPv6) unicast redistributing connected prefixes, L2VPN EVPN advertising every
  VNI; with dcgw_ips ("onefabric") iBGP EVPN sessions to the DC gateways with type-5
  advertisement, the overlay aggregate and the route target; a BFD profile and BGP timers when
  both values are set. Every Examples row of the outline below is also loaded by FRR's own
  parser (vtysh --dryrun) in tests/integration/frr.

  Scenario: The minimal configuration of the e2e file vars-provision (spec §4.4 a)
    Given the network vars "underlay_ip=10.0.0.20 asn_server=65020"
    When booty renders frr.conf for the NICs "eth1"
    Then frr.conf is exactly:
      """
      frr version 10.3
      frr defaults datacenter
      !
      router bgp 65020
       bgp router-id 10.0.0.20
       no bgp default ipv4-unicast
       bgp bestpath as-path multipath-relax
       neighbor fabric peer-group
       neighbor fabric remote-as external
       neighbor eth1 interface peer-group fabric
       !
       address-family ipv4 unicast
        neighbor fabric activate
        redistribute connected
       exit-address-family
       !
       address-family l2vpn evpn
        neighbor fabric activate
        advertise-all-vni
       exit-address-family
      exit
      !
      line vty
      !
      """

  Scenario Outline: Each configuration shape renders the lines that define it
    Given the network vars "<vars>"
    And IPMI detection found "<ipmi ip>" with MAC ""
    When booty renders frr.conf for the NICs "<nics>" in the VRF "<vrf>"
    Then frr.conf contains the lines "<contains>"
    And frr.conf does not contain "<lacks>"

    Examples:
      | shape               | vars                                                                                                                                                                                                              | ipmi ip     | nics           | vrf          | contains                                                                                                                                                                                   | lacks                                                            |
      | plain unnumbered    | underlay_ip=10.0.0.20 asn_server=65020                                                                                                                                                                            |             | eth1           |              | router bgp 65020; neighbor eth1 interface peer-group fabric; advertise-all-vni                                                                                                              | vrf; address-family ipv6 unicast; timers bgp; bfd; advertise ipv4 unicast |
      | in a VRF            | underlay_ip=192.168.4.42 asn_server=65000                                                                                                                                                                         |             | eth0,eth1      | Vrf_underlay | router bgp 65000 vrf Vrf_underlay; bgp router-id 192.168.4.42; neighbor eth0 interface peer-group fabric; neighbor eth1 interface peer-group fabric; frr defaults datacenter               | address-family ipv6 unicast                                      |
      | no NICs             | underlay_ip=10.0.0.1 asn_server=65000                                                                                                                                                                             |             |                | Vrf_test     | router bgp 65000 vrf Vrf_test; neighbor fabric peer-group                                                                                                                                   | interface peer-group                                             |
      | onefabric           | underlay_ip=192.168.4.42 asn_server=65000 dcgw_ips=10.0.0.1,10.0.0.2 overlay_aggregate=10.10.0.0/16 vpn_rt=65000:100 leaf_asn=65500 local_asn=65501                                                                 |             | eth0,eth1      | Vrf_underlay | neighbor 10.0.0.1 remote-as internal; neighbor 10.0.0.2 remote-as internal; neighbor 10.0.0.1 update-source 192.168.4.42; aggregate-address 10.10.0.0/16; route-target both 65000:100; advertise ipv4 unicast | 65500; 65501; advertise ipv6 unicast                  |
      | IPv6 overlay        | underlay_ip=10.50.0.42 asn_server=64497 overlay_subnet=fd21:cc2:981::/64 ipmi_subnet=172.30.0.0/24                                                                                                                  | 172.30.0.42 | eth0           | p_zerotrust  | address-family ipv4 unicast; address-family ipv6 unicast; address-family l2vpn evpn                                                                                                        | advertise ipv4 unicast; advertise ipv6 unicast                   |
      | IPv4 only           | underlay_ip=10.50.0.42 asn_server=64497                                                                                                                                                                           |             | eth0           | p_zerotrust  | address-family ipv4 unicast; address-family l2vpn evpn                                                                                                                                     | address-family ipv6 unicast; advertise ipv6 unicast              |
      | with BFD            | underlay_ip=10.0.0.20 asn_server=65020 bfd_transmit_ms=150 bfd_receive_ms=150                                                                                                                                     |             | eth1           |              | bfd; profile datacenter; transmit-interval 150; receive-interval 150; neighbor fabric bfd profile datacenter                                                                                 | timers bgp                                                       |
      | half BFD is no BFD  | underlay_ip=10.0.0.20 asn_server=65020 bfd_transmit_ms=150                                                                                                                                                        |             | eth1           |              | router bgp 65020                                                                                                                                                                           | bfd                                                              |
      | with timers         | underlay_ip=10.0.0.20 asn_server=65020 bgp_keepalive=30 bgp_hold=90                                                                                                                                               |             | eth1           |              | timers bgp 30 90                                                                                                                                                                           | bfd                                                              |
      | half timers         | underlay_ip=10.0.0.20 asn_server=65020 bgp_hold=90                                                                                                                                                                |             | eth1           |              | router bgp 65020                                                                                                                                                                           | timers bgp                                                       |
      | full parameters     | underlay_ip=10.50.0.42 asn_server=64497 vrf_table_id=10 dcgw_ips=10.10.10.1,10.10.10.2 vpn_rt=64497:1000 bgp_keepalive=30 bgp_hold=90 bfd_transmit_ms=150 bfd_receive_ms=150                                      |             | swp0,swp1      | p_zerotrust  | router bgp 64497 vrf p_zerotrust; timers bgp 30 90; profile datacenter; transmit-interval 150; receive-interval 150; neighbor fabric bfd profile datacenter; neighbor swp0 interface peer-group fabric; neighbor swp1 interface peer-group fabric; neighbor 10.10.10.1 remote-as internal; neighbor 10.10.10.2 remote-as internal; route-target both 64497:1000 | table; advertise ipv6 unicast |
      | dual stack          | underlay_ip=10.50.0.42 asn_server=64497 overlay_subnet=fd21:cc2:981::/64 ipmi_subnet=172.30.0.0/24 dcgw_ips=10.10.10.1 vpn_rt=64497:1000 bgp_keepalive=30 bgp_hold=90 bfd_transmit_ms=150 bfd_receive_ms=150      | 172.30.0.42 | eth0           | p_zerotrust  | address-family ipv4 unicast; address-family ipv6 unicast; address-family l2vpn evpn; advertise ipv4 unicast; advertise ipv6 unicast; timers bgp 30 90; profile datacenter; route-target both 64497:1000 | aggregate-address |
      | spec §4.4 b         | underlay_ip=10.0.0.20 asn_server=65000 overlay_subnet=2a01:598:40a:5481::/64 ipmi_subnet=172.30.0.0/24 bgp_keepalive=3 bgp_hold=9 bfd_transmit_ms=300 bfd_receive_ms=300 dcgw_ips=10.10.10.1,10.10.10.2 overlay_aggregate=2a01:598:40a:5481::/64 vpn_rt=65000:100 | 172.30.0.20 | eth1,eth2 | | bgp router-id 10.0.0.20; neighbor 10.10.10.2 update-source 10.0.0.20; aggregate-address 2a01:598:40a:5481::/64; advertise ipv6 unicast; transmit-interval 300 | vrf |
      | IPv6 DC gateway     | underlay_ip=10.0.0.20 asn_server=65000 dcgw_ips=fd00::1 vpn_rt=10.0.0.20:100                                                                                                                                      |             | eth1           |              | neighbor fd00::1 remote-as internal; neighbor fd00::1 activate; route-target both 10.0.0.20:100                                                                                           | aggregate-address                                                |
      | aggregate w/o DCGW  | underlay_ip=10.0.0.20 asn_server=65000 overlay_aggregate=10.10.0.0/16 vpn_rt=65000:100                                                                                                                            |             | eth1           |              | router bgp 65000                                                                                                                                                                           | aggregate-address; route-target; remote-as internal              |
      | derived underlay    | underlay_subnet=10.0.0.0/24 asn_server=65000 overlay_subnet=2a01:598:40a:5481::/64 ipmi_subnet=172.30.0.0/24 provision_vni=100                                                                                    | 172.30.0.42 | eth1,eth2,eth1 |              | bgp router-id 10.0.0.42; address-family ipv6 unicast                                                                                                                                       | vx100                                                            |
      | 4-octet AS          | underlay_ip=10.0.0.20 asn_server=4200000001 bgp_keepalive=65535 bgp_hold=65535 bfd_transmit_ms=10 bfd_receive_ms=60000                                                                                              |             | ens3f0.4094    |              | router bgp 4200000001; timers bgp 65535 65535; transmit-interval 10; receive-interval 60000; neighbor ens3f0.4094 interface peer-group fabric                                                | vrf                                                              |

  Scenario: A NIC listed twice is peered once
    Given the network vars "underlay_ip=10.0.0.20 asn_server=65020"
    When booty renders frr.conf for the NICs "eth1,eth2,eth1"
    Then the line "neighbor eth1 interface peer-group fabric" appears once

  Scenario Outline: Inputs FRR would reject are refused, every one named
    Given the network vars "<vars>"
    When booty renders frr.conf for the NICs "<nics>" in the VRF "<vrf>"
    Then rendering is refused because "<problem>"

    Examples:
      | vars                                                                            | nics      | vrf      | problem                                                                                                |
      | underlay_ip=10.0.0.1                                                            | eth0      |          | asn_server is not set: FRR needs the local AS number (1 to 4294967295)                                  |
      | underlay_ip=fd00::1 asn_server=65000                                            | eth0      |          | the BGP router-id is the underlay address and must be IPv4, not fd00::1                                 |
      | underlay_ip=10.0.0.1 asn_server=65000 bgp_keepalive=30 bgp_hold=70000           | eth0      |          | bgp_keepalive 30 and bgp_hold 70000: FRR accepts 1 to 65535 seconds                                     |
      | underlay_ip=10.0.0.1 asn_server=65000 bfd_transmit_ms=5 bfd_receive_ms=300      | eth0      |          | bfd_transmit_ms 5 and bfd_receive_ms 300: FRR accepts 10 to 60000 ms                                    |
      | underlay_ip=10.0.0.1 asn_server=65000 bfd_transmit_ms=300 bfd_receive_ms=60001  | eth0      |          | bfd_transmit_ms 300 and bfd_receive_ms 60001: FRR accepts 10 to 60000 ms                                |
      | underlay_ip=10.0.0.1 asn_server=65000 dcgw_ips=10.9.9.9 overlay_aggregate=fd00::/64 | eth0  |          | overlay_aggregate fd00::/64 is IPv6 but the overlay address 10.0.0.1 is IPv4: no IPv6 unicast family would carry it |
      | underlay_ip=10.0.0.1 asn_server=65000                                           | a/b       |          | NIC name 'a/b' is not an interface name                                                                |
      | underlay_ip=10.0.0.1 asn_server=65000                                           | eth0,     |          | NIC name '' is not an interface name                                                                   |
      | underlay_ip=10.0.0.1 asn_server=65000                                           | fabric    |          | NIC name 'fabric' is the name of the peer group                                                        |
      | underlay_ip=10.0.0.1 asn_server=65000                                           | eth0      | my vrf   | VRF name 'my vrf' is not an interface name                                                             |

  Scenario: Every problem is reported at once
    Given the network vars "underlay_ip=fd00::1 bgp_keepalive=1 bgp_hold=99999"
    When booty renders frr.conf for the NICs "eth0" in the VRF ""
    Then rendering is refused with 3 problems
