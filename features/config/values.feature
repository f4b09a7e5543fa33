Feature: Typed configuration values
  Every key of spec caprf-and-config.md §1.4 becomes a typed value: lists for IMAGE and
  dns_resolver, whole numbers, booleans, IP addresses and networks, enums for the closed
  vocabularies. Absent keys take the spec's defaults.

  Scenario: Absent keys take their defaults
    Given the vars file:
      """
      export HOSTNAME="only-host"
      """
    When booty loads the vars file
    Then the value of "MIN_DISK_SIZE_GB" is 0
    And the value of "MODE" is "provision"
    And the value of "BOND_MODE" is "802.3ad"
    And the value of "BGP_PEER_MODE" is "unnumbered"
    And the value of "IMAGE" is the list []
    And the value of "DISABLE_KEXEC" is false

  Scenario Outline: IMAGE holds several URLs separated by commas or spaces
    Given the vars file:
      """
      IMAGE="<images>"
      """
    When booty loads the vars file
    Then the value of "IMAGE" is the list <list>

    Examples:
      | images                                            | list                                                      |
      | http://img.local/a.gz                             | ["http://img.local/a.gz"]                                  |
      | http://img.local/a.gz,http://img.local/b.gz       | ["http://img.local/a.gz", "http://img.local/b.gz"]         |
      | http://a/1 http://a/2  http://a/3                 | ["http://a/1", "http://a/2", "http://a/3"]                 |
      | oci://registry.local/os/ubuntu:24.04,file:///x.img | ["oci://registry.local/os/ubuntu:24.04", "file:///x.img"] |

  Scenario Outline: Booleans accept the usual words in any case
    Given the vars file:
      """
      DISABLE_KEXEC="<word>"
      """
    When booty loads the vars file
    Then the value of "DISABLE_KEXEC" is <value>

    Examples:
      | word  | value |
      | true  | true  |
      | 1     | true  |
      | yes   | true  |
      | TRUE  | true  |
      | on    | true  |
      | false | false |
      | 0     | false |
      | no    | false |
      |       | false |

  Scenario: Network values are typed
    Given the vars file:
      """
      export underlay_subnet="10.0.0.0/24"
      export underlay_ip="10.0.0.20"
      export asn_server="65020"
      export provision_vni="2002002"
      export provision_ip="10.100.0.42/24"
      export dns_resolver="8.8.8.8, 2003:0:af08:1005::1000"
      export dcgw_ips="10.10.10.1,10.10.10.2"
      export vpn_rt="65188:2002"
      export VLANS="200:eno1:10.200.0.42/24:10.200.0.1,300:eno2"
      export BOND_MODE="lacp"
      export BGP_PEER_MODE="Dual"
      export BGP_NEIGHBORS="10.0.3.1"
      """
    When booty loads the vars file
    Then the value of "underlay_subnet" is "10.0.0.0/24"
    And the value of "asn_server" is 65020
    And the value of "provision_vni" is 2002002
    And the value of "dns_resolver" is the list ["8.8.8.8", "2003:0:af08:1005::1000"]
    And the value of "dcgw_ips" is the list ["10.10.10.1", "10.10.10.2"]
    And the value of "BOND_MODE" is "802.3ad"
    And the value of "BGP_PEER_MODE" is "dual"
    And the value of "VLANS" is the list [{"id": 200, "parent": "eno1", "address": "10.200.0.42/24", "gateway": "10.200.0.1"}, {"id": 300, "parent": "eno2", "address": null, "gateway": null}]

  Scenario: Post-provision commands are split on semicolons, blanks dropped
    Given the vars file:
      """
      POST_PROVISION_CMDS="apt update;systemctl enable foo;;echo done"
      """
    When booty loads the vars file
    Then the value of "POST_PROVISION_CMDS" is the list ["apt update", "systemctl enable foo", "echo done"]

  Scenario Outline: Every shipped example file is accepted
    Given the shipped example vars file "<file>"
    When booty loads the vars file
    Then the value of "MODE" is "<mode>"
    And the value of "TOKEN" is "***"

    Examples:
      | file                   | mode        |
      | vars                   | provision   |
      | vars-provision         | provision   |
      | vars-provision-vm      | provision   |
      | vars-deprovision       | deprovision |
      | vars-standby           | standby     |
      | vars-gobgp-unnumbered  | standby     |
      | vars-gobgp-dual        | standby     |
      | vars-gobgp-numbered    | standby     |
