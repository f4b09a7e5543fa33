Feature: Malformed configuration is an error, reported line by line
  Unlike the original agent, which silently ignored malformed numbers and read any unknown word
  as false or as "provision" (spec caprf-and-config.md §8 items 13 and 19), booty refuses a bad
  file and names every problem at once: file, line, key and reason.

  Scenario Outline: A malformed value is refused with its reason
    Given the vars file:
      """
      export HOSTNAME="ok-host"
      <line>
      """
    When booty loads the vars file
    Then loading fails with the problem "vars:2: <key>: <reason>"

    Examples:
      | line                                 | key                 | reason                                                        |
      | MIN_DISK_SIZE_GB="notanumber"        | MIN_DISK_SIZE_GB    | not a whole number of 0 or more: 'notanumber'                 |
      | MIN_DISK_SIZE_GB="-5"                | MIN_DISK_SIZE_GB    | not a whole number of 0 or more: '-5'                         |
      | asn_server="4294967296"              | asn_server          | 4294967296 is larger than 4294967295                          |
      | asn_server="+5"                      | asn_server          | not a whole number: '+5'                                      |
      | DISABLE_KEXEC="maybe"                | DISABLE_KEXEC       | not a boolean: 'maybe' (use true or false)                    |
      | underlay_subnet="10.0.0.5/24"        | underlay_subnet     | not a CIDR network: '10.0.0.5/24' (10.0.0.5/24 has host bits set) |
      | underlay_subnet="10.0.0.0"           | underlay_subnet     | not a CIDR (missing /prefix): '10.0.0.0'                      |
      | underlay_ip="10.0.0.300"             | underlay_ip         | not an IP address: '10.0.0.300'                               |
      | INIT_URL="ftp://controller/init"     | INIT_URL            | not an http(s) URL with a host: 'ftp://controller/init'       |
      | INIT_URL="http://caprf:port/init"    | INIT_URL            | not an http(s) URL with a host: 'http://caprf:port/init'      |
      | MODE="hard"                          | MODE                | unknown MODE 'hard' (expected one of: provision, deprovision, soft-deprovision, standby, dry-run) |
      | BOND_MODE="broadcast"                | BOND_MODE           | unknown bond mode 'broadcast' (expected one of: 802.3ad, balance-rr, active-backup, balance-xor) |
      | VLANS="5000:eno1"                    | VLANS               | VLAN entry '5000:eno1': ID must be 1 to 4094                  |
      | VLANS="200"                          | VLANS               | VLAN entry '200' is not ID:parent[:address[:gateway]]         |
      | IMAGE_CHECKSUM_TYPE="md5"            | IMAGE_CHECKSUM_TYPE | unknown checksum type 'md5' (expected one of: sha256, sha512) |
      | NETWORK_MODE="carrier-pigeon"        | NETWORK_MODE        | unknown network mode 'carrier-pigeon' (expected one of: gobgp) |
      | HOSTNAME="bad_host!"                 | HOSTNAME            | not a valid host name: 'bad_host!'                            |
      | HOSTNAME="unterminated               | HOSTNAME            | unterminated " quote                                          |
      | HOSTNAME="a" extra                   | HOSTNAME            | unexpected text after the closing quote (quote the whole value) |
      | NUM_VFS="99999999999999999999"       | NUM_VFS             | 99999999999999999999 is too large                             |
      | IMAGE="https://:8080/os.img"         | IMAGE               | not an http(s) URL with a host: 'https://:8080/os.img'        |
      | IMAGE="ftp://mirror/os.img"          | IMAGE               | not an image reference (http, https, oci or file URL): 'ftp://mirror/os.img' |
      | provision_ip="10.100.0.20"           | provision_ip        | missing /prefix in address: '10.100.0.20'                     |
      | provision_ip="10.100.0.300/24"       | provision_ip        | not an address with prefix: '10.100.0.300/24'                 |
      | vpn_rt="65000"                       | vpn_rt              | not a route target (ASN:NN or IPv4:NN): '65000'               |
      | vpn_rt="fabric:100"                  | vpn_rt              | not a route target (ASN:NN or IPv4:NN): 'fabric:100'          |
      | VLANS="200:eno 1"                    | VLANS               | VLAN entry '200:eno 1': 'eno 1' is not an interface name      |
      | VLANS="200:eno1:10.0.0.1"            | VLANS               | VLAN entry '200:eno1:10.0.0.1': missing /prefix in address: '10.0.0.1' |
      | STATIC_IFACE="a/b"                   | STATIC_IFACE        | not an interface name: 'a/b'                                  |
      | DISK_DEVICE="sda"                    | DISK_DEVICE         | not an absolute device path: 'sda'                            |
      | IMAGE_CHECKSUM="xyz"                 | IMAGE_CHECKSUM      | not a hex digest: 'xyz'                                       |

  Scenario: Every problem of a file is reported at once, in line order
    Given the vars file:
      """
      export MIN_DISK_SIZE_GB="lots"
      export HOSTNAME="fine"
      export asn_server="-1"
      not an assignment
      export MODE="soft"
      """
    When booty loads the vars file
    Then loading fails with these problems:
      | problem                                                                                                  |
      | vars:1: MIN_DISK_SIZE_GB: not a whole number of 0 or more: 'lots'                                       |
      | vars:3: asn_server: not a whole number: '-1'                                                            |
      | vars:4: expected KEY=VALUE, got 'not an assignment'                                                     |
      | vars:5: MODE: unknown MODE 'soft' (expected one of: provision, deprovision, soft-deprovision, standby, dry-run) |

  Scenario: Keys that depend on each other are checked together
    Given the vars file:
      """
      export IMAGE_CHECKSUM="abc123"
      export IMAGE_CHECKSUM_TYPE="sha256"
      export BGP_PEER_MODE="numbered"
      """
    When booty loads the vars file
    Then loading fails with the problem "vars:1: IMAGE_CHECKSUM: a sha256 digest has 64 hex digits, not 6"
    And loading fails with the problem "vars:3: BGP_PEER_MODE: numbered peering needs BGP_NEIGHBORS"

  Scenario Outline: Keys that belong together are checked together
    Given the vars file:
      """
      <first>
      <second>
      """
    When booty loads the vars file
    Then loading fails with the problem "vars:<line>: <key>: <reason>"

    Examples:
      | first                                | second                     | line | key            | reason                                             |
      | IMAGE_CHECKSUM="abcd"                | HOSTNAME="h"               | 1    | IMAGE_CHECKSUM | IMAGE_CHECKSUM_TYPE must be set (sha256 or sha512) |
      | STATIC_GATEWAY="10.0.0.1"            | HOSTNAME="h"               | 1    | STATIC_GATEWAY | is set but STATIC_IP is not                        |
      | STATIC_IP="10.0.0.5/24"              | STATIC_GATEWAY="fe80::1"   | 2    | STATIC_GATEWAY | is not the same IP version as STATIC_IP            |

  Scenario: A route target may use an IPv4 administrator
    Given the vars file:
      """
      vpn_rt="10.0.0.1:100"
      """
    When booty loads the vars file
    Then the value of "vpn_rt" is "10.0.0.1:100"

  Scenario: A checksum type without a checksum is only a warning
    Given the vars file:
      """
      IMAGE_CHECKSUM_TYPE="sha256"
      """
    When booty loads the vars file
    Then there is a warning "vars:1: IMAGE_CHECKSUM_TYPE: is set but IMAGE_CHECKSUM is empty; the image is not verified"

  Scenario: A line too long for the original's scanner is refused
    Given the vars file has a line of 70000 characters
    When booty loads the vars file
    Then loading fails with the problem "vars:1: line is longer than 65535 bytes"
