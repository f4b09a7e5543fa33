Feature: FRR/EVPN mode
  With an underlay and asn_server, booty makes the kernel objects of spec networking.md §4.2 (the
  underlay loopback, the VXLAN of provision_vni in the provision bridge, the overlay loopback, the
  fabric NICs with MTU 9000), sets the sysctls of §4.1, writes frr.conf, vtysh.conf and daemons,
  and runs zebra and bgpd (and bfdd when BFD is configured) itself: an initramfs has no systemd.
  Everything of one FRR instance lives under booty's own root (/run/booty/frr by default), so a
  system FRR is never touched. The configuration is loaded with "vtysh -b", and FRR mode is up
  once BGP has an Established session. On failure FRR's state is dumped (§4.10) and everything
  made on the way is removed, daemons first; teardown does the same after a success, and puts
  the fabric NICs' MTUs and the sysctls back as they were.

  Background:
    Given the machine has links:
      | name | physical | mac               | carrier |
      | lo   | no       |                   | no      |
      | eth0 | yes      | 02:00:00:00:00:01 | yes     |
      | eth1 | yes      | 02:00:00:00:00:02 | yes     |
    And the configuration:
      """
      underlay_ip=10.0.0.20
      asn_server=65020
      provision_vni=100
      provision_ip=192.168.100.20/24
      """
    And FRR reports the BGP summary "bgp-summary-unnumbered-established.json"

  Scenario: The kernel objects of spec §4.2
    When booty brings the network up
    Then the network is up in frr mode over "eth0, eth1"
    And "dummy.underlay" has the address 10.0.0.20/32
    And "vx100" is a VXLAN with VNI 100, local 10.0.0.20 and MTU 8950
    And "vx100" is a slave of "br.provision"
    And "br.provision" is a bridge with MAC 02:54:00:00:00:01
    And "br.provision" has the address 192.168.100.20/24
    And "lo" has the address 10.0.0.20/32
    And "eth0" has MTU 9000 and is up
    And "eth1" has MTU 9000 and is up

  Scenario: The sysctls of spec §4.1 step 10
    When booty brings the network up
    Then the sysctl "net/ipv4/ip_forward" is "1"
    And the sysctl "net/ipv6/conf/all/forwarding" is "2"
    And the sysctl "net/ipv6/conf/default/accept_ra" is "2"

  Scenario: A kernel without dummy links carries the underlay on lo
    Given the kernel has no dummy support
    When booty brings the network up
    Then the network is up in frr mode over "eth0, eth1"
    And there is no link "dummy.underlay"
    And the underlay is on "lo"
    And "lo" has the address 10.0.0.20/32

  Scenario: IPMI detection feeds the address derivation and the bridge MAC
    Given the configuration:
      """
      underlay_subnet=10.50.0.0/24
      ipmi_subnet=172.30.0.0/24
      asn_server=64497
      """
    And "eth0" has the MAC 0c:c4:7a:19:6e:10 and the address 172.30.0.42/24 already
    When booty brings the network up
    Then "dummy.underlay" has the address 10.50.0.42/32
    And "br.provision" is a bridge with MAC 02:54:7a:19:6e:10
    And "vx0" is a VXLAN with VNI 0, local 10.50.0.42 and MTU 8950

  Scenario: IPMI detection passes over a NIC that has only an IPv6 link-local address
    Every NIC that is up has one of those; v0.0.1 took it for the IPMI address, and the derivation
    then failed on an address outside the IPMI subnet.
    Given the configuration:
      """
      underlay_subnet=10.50.0.0/24
      ipmi_subnet=172.30.0.0/24
      asn_server=64497
      """
    And "eth0" has the MAC 0c:c4:7a:19:6e:10 and the address fe80::ec4:7aff:fe19:6e10/64 already
    And "eth1" has the MAC 0c:c4:7a:19:6e:11 and the address 172.30.0.43/24 already
    When booty brings the network up
    Then "dummy.underlay" has the address 10.50.0.43/32
    And "br.provision" is a bridge with MAC 02:54:7a:19:6e:11

  Scenario: The files of spec §4.5, in booty's own FRR root
    When booty brings the network up
    Then booty wrote "/run/booty/frr/etc/frr.conf" with mode 0644
    And booty wrote "/run/booty/frr/etc/vtysh.conf" with mode 0644
    And booty wrote "/run/booty/frr/etc/daemons" with mode 0640
    And "/run/booty/frr/etc/frr.conf" contains " neighbor eth1 interface peer-group fabric"
    And the directory "/run/booty/frr/run" was prepared for "root:root"

  Scenario: zebra and bgpd run as booty's children, then the configuration is loaded
    When booty brings the network up
    Then the FRR daemons "zebra, bgpd" run
    And daemon "zebra" runs "/usr/lib/frr/zebra -f /dev/null -i /run/booty/frr/run/zebra.pid --vty_socket /run/booty/frr/run -P 0 -u root -g root --log stdout -z /run/booty/frr/run/zserv.api -s 90000000"
    And daemon "bgpd" runs "-z /run/booty/frr/run/zserv.api"
    And booty ran "vtysh --vty_socket /run/booty/frr/run --config_dir /run/booty/frr/etc -b"
    And BGP is Established with "ha"

  Scenario: bfdd runs when BFD is configured
    Given the configuration:
      """
      underlay_ip=10.0.0.20
      asn_server=65020
      bfd_transmit_ms=300
      bfd_receive_ms=300
      """
    When booty brings the network up
    Then the FRR daemons "zebra, bgpd, bfdd" run
    And daemon "bfdd" runs "--bfdctl /run/booty/frr/run/bfdd.sock"

  Scenario: The frr user runs the daemons where it exists
    Given the machine has an "frr" user
    When booty brings the network up
    Then daemon "bgpd" runs "-u frr -g frr"
    And the directory "/run/booty/frr/run" was prepared for "frr:frr"

  Scenario: booty waits until a session is Established
    Given FRR reports the BGP summary "bgp-summary-unnumbered-peer-down.json" until poll 4, then "bgp-summary-two-nics-one-idle.json"
    When booty brings the network up
    Then the network is up in frr mode over "eth0, eth1"
    And BGP is Established with "ha"
    And 3 s passed

  Scenario: No session in time: FRR fails, its state is dumped, and DHCP takes over
    Given FRR reports the BGP summary "bgp-summary-unnumbered-peer-down.json"
    And a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
    When booty brings the network up
    Then the network is up in dhcp mode on "eth0"
    And a fallback reads "frr: frr network setup failed: no BGP session Established within 120 s (ha Active)"
    And the FRR state was dumped
    And the daemons were stopped in the order "bgpd, zebra"
    And there is no link "br.provision"
    And there is no link "vx100"
    And there is no link "dummy.underlay"
    And "lo" has no address
    And "eth0" has its MTU 1500 back
    And "eth1" has its MTU 1500 back
    And the sysctl "net/ipv4/ip_forward" is "0"

  Scenario: A daemon that dies is named with its exit status
    Given the FRR daemon "bgpd" exits with status 1
    When booty brings the network up
    Then a fallback reads "frr network setup failed: bgpd: exited with status 1"
    And no FRR daemon runs

  Scenario: A daemon that never opens its socket is given up on
    Given the FRR daemon "zebra" never opens its vty socket
    When booty brings the network up
    Then a fallback reads "zebra: not ready within 15 s (/run/booty/frr/run/zebra.vty did not appear)"

  Scenario: A configuration FRR would refuse is refused before anything is made
    Given the configuration:
      """
      underlay_ip=fd00::20
      asn_server=65020
      """
    When booty brings the network up
    Then a fallback reads "frr: frr network setup failed: cannot render frr.conf: the BGP router-id is the underlay address and must be IPv4"
    And there is no link "dummy.underlay"
    And no FRR daemon was started

  Scenario: vtysh refusing the configuration fails FRR mode
    Given vtysh refuses to load the configuration with "line 4: % Unknown command"
    When booty brings the network up
    Then a fallback reads "-b exited 1: line 4: % Unknown command"
    And no FRR daemon runs

  Scenario: Teardown stops the daemons and removes what FRR mode made
    When booty brings the network up
    And booty tears the network down
    Then no FRR daemon runs
    And the daemons were stopped in the order "bgpd, zebra"
    And there is no link "br.provision"
    And there is no link "vx100"
    And there is no link "dummy.underlay"
    And "lo" has no address
    And the sysctl "net/ipv4/ip_forward" is "0"

  Scenario: A bridge and VXLAN left by an earlier run are reused and kept at teardown
    Given a bridge "br.provision" exists already
    And a VXLAN "vx100" with VNI 100 exists already
    When booty brings the network up
    Then the network is up in frr mode over "eth0, eth1"
    And "vx100" is a VXLAN with VNI 100, local 10.0.0.20 and MTU 8950
    And "vx100" is a slave of "br.provision"
    When booty tears the network down
    Then there is a bridge "br.provision"
    And "br.provision" has no address
    And there is no link "dummy.underlay"

  Scenario: A configuration file that cannot be written fails FRR mode and undoes the links
    Given "/run/booty/frr/etc/frr.conf" is a directory
    When booty brings the network up
    Then a fallback reads "frr: frr network setup failed: [Errno 21] Is a directory"
    And there is no link "br.provision"
    And no FRR daemon was started
