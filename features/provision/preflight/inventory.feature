Feature: Hardware inventory
  With INVENTORY_ENABLED the collect-inventory step reads the machine's identity, CPUs, memory,
  disks, NICs and PCI devices from /sys and /proc and POSTs one JSON document to INVENTORY_URL.
  Collecting never fails: what cannot be read is empty. A lost POST is only a warning (the step
  is best effort). Field names and the JSON shape are those of the original agent, so the
  controller reads booty's report unchanged.

  Scenario: The system identity comes from DMI, trimmed (I1)
    Given the host has these files:
      | path                           | content                                |
      | /sys/class/dmi/id/sys_vendor   | Dell Inc.\n                            |
      | /sys/class/dmi/id/product_name | PowerEdge R750\n                       |
      | /sys/class/dmi/id/product_uuid | 4C4C4544-0042-4810-8035-C7C04F4A3533\n |
      | /sys/class/dmi/id/bios_version | 1.6.3\n                                |
    When the step collect-inventory runs
    Then the step succeeds
    And the inventory report says:
      | field               | value                                  |
      | system.vendor       | "Dell Inc."                            |
      | system.product      | "PowerEdge R750"                       |
      | system.uuid         | "4C4C4544-0042-4810-8035-C7C04F4A3533" |
      | system.biosVersion  | "1.6.3"                                |
      | system.serialNumber | ""                                     |

  Scenario: An empty DMI directory gives empty identity fields (I2)
    Given the host has these files:
      | path               | content |
      | /sys/class/dmi/id/ |         |
    When the step collect-inventory runs
    Then the inventory report says:
      | field          | value |
      | system.vendor  | ""    |
      | system.product | ""    |

  Scenario: One CPU entry per socket, with its thread count (I3)
    Given the host file /proc/cpuinfo is:
      """
      processor	: 0
      model name	: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
      physical id	: 0
      cpu cores	: 32
      cpu MHz		: 2000.000
      microcode	: 0xd0003b9

      processor	: 1
      model name	: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
      physical id	: 0
      cpu cores	: 32
      cpu MHz		: 2000.000
      microcode	: 0xd0003b9

      processor	: 2
      model name	: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
      physical id	: 1
      cpu cores	: 32
      cpu MHz		: 2000.000
      microcode	: 0xd0003b9
      """
    When the step collect-inventory runs
    Then the inventory report says:
      | field             | value                                      |
      | count of cpus     | 2                                          |
      | cpus[0].model     | "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz" |
      | cpus[0].cores     | 32                                         |
      | cpus[0].threads   | 2                                          |
      | cpus[0].socket    | 0                                          |
      | cpus[0].freqMHz   | 2000                                       |
      | cpus[0].microcode | "0xd0003b9"                                |
      | cpus[1].socket    | 1                                          |
      | cpus[1].threads   | 1                                          |

  Scenario: Without /proc/cpuinfo the CPU list is null (I4)
    When the step collect-inventory runs
    Then the inventory report says:
      | field | value |
      | cpus  | null  |

  Scenario: Total memory is MemTotal in bytes (I5)
    Given the host has these files:
      | path          | content                                       |
      | /proc/meminfo | MemTotal:       131891200 kB\nMemFree: 5 kB\n |
    When the step collect-inventory runs
    Then the inventory report says:
      | field             | value        |
      | memory.totalBytes | 135056588800 |
      | memory.dimms      | (absent)     |

  Scenario: Without /proc/meminfo total memory is 0 (I5)
    When the step collect-inventory runs
    Then the inventory report says:
      | field             | value |
      | memory.totalBytes | 0     |

  Scenario: Populated memory slots are listed when SMBIOS attributes are exposed
    Given the host has these files:
      | path                                   | content             |
      | /sys/firmware/dmi/entries/17-0/locator | DIMM_A1             |
      | /sys/firmware/dmi/entries/17-0/size    | 32768 MB            |
      | /sys/firmware/dmi/entries/17-0/type    | DDR4                |
      | /sys/firmware/dmi/entries/17-0/speed   | 3200 MT/s           |
      | /sys/firmware/dmi/entries/17-1/size    | No Module Installed |
      | /sys/firmware/dmi/entries/16-0/size    | 65536 MB            |
    When the step collect-inventory runs
    Then the inventory report says:
      | field        | value                                                                               |
      | memory.dimms | [{"slot": "DIMM_A1", "sizeGB": 32, "type": "DDR4", "speedMHz": 3200, "ecc": false}] |

  Scenario: Disks are described by type and transport; loop devices are left out (I6)
    Given the host has these files:
      | path                                   | content      |
      | /sys/block/sda/size                    | 7814037168   |
      | /sys/block/sda/queue/rotational        | 1            |
      | /sys/block/sda/device/model            | ST4000NM0035 |
      | /sys/block/nvme0n1/size                | 1000215216   |
      | /sys/block/nvme0n1/queue/rotational    | 0            |
      | /sys/block/nvme0n1/device/firmware_rev | 5B2QGXA7     |
      | /sys/block/loop0/size                  | 0            |
    When the step collect-inventory runs
    Then the inventory report says:
      | field               | value          |
      | count of disks      | 2              |
      | disks[0].name       | "nvme0n1"      |
      | disks[0].type       | "NVMe"         |
      | disks[0].transport  | "NVMe"         |
      | disks[0].firmware   | "5B2QGXA7"     |
      | disks[0].rotational | false          |
      | disks[1].name       | "sda"          |
      | disks[1].type       | "HDD"          |
      | disks[1].transport  | "SATA"         |
      | disks[1].sizeBytes  | 4000787030016  |
      | disks[1].model      | "ST4000NM0035" |
      | disks[1].rotational | true           |

  Scenario: A solid-state disk with a SAS address is an SSD on SAS
    Given the host has these files:
      | path                              | content            |
      | /sys/block/sdb/queue/rotational   | 0                  |
      | /sys/block/sdb/device/sas_address | 0x5000c500a1b2c3d4 |
    When the step collect-inventory runs
    Then the inventory report says:
      | field              | value |
      | disks[0].type      | "SSD" |
      | disks[0].transport | "SAS" |

  Scenario: An empty /sys/block gives no disks (I7)
    Given the host has these files:
      | path        | content |
      | /sys/block/ |         |
    When the step collect-inventory runs
    Then the inventory report says:
      | field          | value |
      | count of disks | 0     |
      | disks          | null  |

  Scenario: A NIC is reported with its address, speed, firmware and SR-IOV capacity (I8)
    Given the host has these files:
      | path                                        | content           |
      | /sys/class/net/eth0/address                 | aa:bb:cc:dd:ee:ff |
      | /sys/class/net/eth0/speed                   | 25000             |
      | /sys/class/net/eth0/device/firmware_version | 22.31.1014        |
      | /sys/class/net/eth0/device/sriov_totalvfs   | 128               |
      | /sys/class/net/lo/address                   | 00:00:00:00:00:00 |
    When the step collect-inventory runs
    Then the inventory report says:
      | field            | value               |
      | count of nics    | 1                   |
      | nics[0].name     | "eth0"              |
      | nics[0].mac      | "aa:bb:cc:dd:ee:ff" |
      | nics[0].speed    | "25000"             |
      | nics[0].firmware | "22.31.1014"        |
      | nics[0].sriovVfs | 128                 |

  Scenario: A NIC's driver and PCI address are the names its sysfs links point to
    Given the host has these files:
      | path                                                  | content           |
      | /sys/devices/pci0000:00/0000:03:00.0/net/eth0/address | aa:bb:cc:dd:ee:01 |
      | /sys/devices/pci0000:00/0000:03:00.0/firmware_version | 1.2.3             |
      | /sys/bus/pci/drivers/i40e/bind                        |                   |
    And the host has these links:
      | path                                                 | target                                         |
      | /sys/class/net/eth0                                  | ../../devices/pci0000:00/0000:03:00.0/net/eth0 |
      | /sys/devices/pci0000:00/0000:03:00.0/net/eth0/device | ../../../0000:03:00.0                          |
      | /sys/devices/pci0000:00/0000:03:00.0/driver          | ../../../bus/pci/drivers/i40e                  |
    When the step collect-inventory runs
    Then the inventory report says:
      | field            | value               |
      | nics[0].name     | "eth0"              |
      | nics[0].mac      | "aa:bb:cc:dd:ee:01" |
      | nics[0].driver   | "i40e"              |
      | nics[0].pciAddr  | "0000:03:00.0"      |
      | nics[0].firmware | "1.2.3"             |

  Scenario: Virtual interfaces without a device are not NICs (I9)
    Given the host has these files:
      | path                      | content |
      | /sys/class/net/veth12345/ |         |
    When the step collect-inventory runs
    Then the inventory report says:
      | field         | value |
      | count of nics | 0     |

  Scenario: PCI devices are listed with their raw ids (I10)
    Given the host has these files:
      | path                                     | content  |
      | /sys/bus/pci/devices/0000:00:1f.0/vendor | 0x8086   |
      | /sys/bus/pci/devices/0000:00:1f.0/device | 0xa1c8   |
      | /sys/bus/pci/devices/0000:00:1f.0/class  | 0x060100 |
    When the step collect-inventory runs
    Then the inventory report says:
      | field                 | value          |
      | count of pciDevices   | 1              |
      | pciDevices[0].address | "0000:00:1f.0" |
      | pciDevices[0].vendor  | "0x8086"       |
      | pciDevices[0].class   | "0x060100"     |
      | pciDevices[0].driver  | (absent)       |
      | accelerators          | (absent)       |

  Scenario: Display and processing-accelerator devices are accelerators (I11)
    Given the host has these files:
      | path                                     | content  |
      | /sys/bus/pci/devices/0000:00:1f.0/class  | 0x060100 |
      | /sys/bus/pci/devices/0000:01:00.0/class  | 0x030000 |
      | /sys/bus/pci/devices/0000:01:00.0/vendor | 0x10de   |
      | /sys/bus/pci/devices/0000:01:00.0/device | 0x20b5   |
      | /sys/bus/pci/devices/0000:02:00.0/class  | 0x120000 |
      | /sys/bus/pci/devices/0000:02:00.0/vendor | 0x8086   |
      | /sys/bus/pci/devices/0000:02:00.0/device | 0x0b25   |
    And the host has these links:
      | path                                     | target                          |
      | /sys/bus/pci/devices/0000:01:00.0/driver | ../../../bus/pci/drivers/nvidia |
      | /sys/bus/pci/devices/0000:02:00.0/driver | ../../../bus/pci/drivers/idxd   |
    When the step collect-inventory runs
    Then the inventory report says:
      | field                   | value           |
      | count of accelerators   | 2               |
      | accelerators[0].pciAddr | "0000:01:00.0"  |
      | accelerators[0].name    | "0x10de:0x20b5" |
      | accelerators[0].driver  | "nvidia"        |
      | accelerators[1].pciAddr | "0000:02:00.0"  |
      | accelerators[1].driver  | "idxd"          |

  Scenario: A full report is posted and its counts are logged (I12)
    Given a healthy machine
    And the host has these files:
      | path                         | content               |
      | /sys/class/dmi/id/sys_vendor | TestVendor            |
      | /proc/meminfo                | MemTotal: 16384000 kB |
    When the step collect-inventory runs
    Then the step succeeds
    And the inventory report says:
      | field             | value                  |
      | timestamp         | "2026-01-01T00:00:00Z" |
      | system.vendor     | "TestVendor"           |
      | count of cpus     | 1                      |
      | memory.totalBytes | 16777216000            |
    And the log record "Hardware inventory collected" has cpus=1 disks=1 nics=1 pci_devices=0

  Scenario: An inventory the controller does not take fails the step, which is best effort
    Given the controller is down
    When the step collect-inventory runs
    Then the step fails with "inventory report not delivered"
    And the plan runs collect-inventory as best effort

  Scenario: The switch port behind each NIC is reported, as heard over LLDP
    Given the NIC eno1 hears the switch "leaf01" on port "Ethernet12" in VLAN 100
    And the NIC eno2 hears the switch "leaf02" on port "Ethernet12" in VLAN 100
    When the step collect-inventory runs
    Then the step detail says "2 lldp_neighbors"
    And the inventory report says:
      | field                         | value        |
      | count of lldpNeighbors        | 2            |
      | lldpNeighbors[0].interface    | "eno1"       |
      | lldpNeighbors[0].systemName   | "leaf01"     |
      | lldpNeighbors[0].portId       | "Ethernet12" |
      | lldpNeighbors[0].portVlanId   | 100          |
      | lldpNeighbors[1].interface    | "eno2"       |
      | lldpNeighbors[1].systemName   | "leaf02"     |
    And the LLDP listening lasted 0 s of its 35 s

  Scenario: A NIC with no switch behind it is waited for until LLDP_TIMEOUT, then named in the log
    Given the deploy vars also set LLDP_TIMEOUT="20"
    And the NIC eno1 hears the switch "leaf01" on port "Ethernet12" in VLAN 100
    And the NIC eno2 hears nothing
    When the step collect-inventory runs
    Then the inventory report says:
      | field                       | value  |
      | count of lldpNeighbors      | 1      |
      | lldpNeighbors[0].interface  | "eno1" |
    And the LLDP listening lasted 20 s of its 20 s
    And the log record "No LLDP neighbour heard" has interfaces=eno2

  Scenario: LLDP_TIMEOUT=0 leaves the neighbours out without listening
    Given the deploy vars also set LLDP_TIMEOUT="0"
    And the NIC eno1 hears the switch "leaf01" on port "Ethernet12" in VLAN 100
    When the step collect-inventory runs
    Then the inventory report says:
      | field         | value    |
      | lldpNeighbors | (absent) |
    And nothing listened for LLDP

  Scenario: A listen that fails costs the neighbours, not the inventory
    Given the NIC eno1 exists but cannot be listened on
    When the step collect-inventory runs
    Then the step succeeds
    And the inventory report says:
      | field         | value    |
      | lldpNeighbors | (absent) |
    And the log says "LLDP listening failed; inventory without neighbours"
