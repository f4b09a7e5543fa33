Feature: FRR is restarted while the controller stays unreachable
  In FRR mode, the wait for the controller restarts FRR whenever the controller stayed
  unreachable for 120 s since the wait began or since the last restart, because a BGP session
  that came up wrong stays wrong (spec networking.md §4.8). booty restarts its own daemons: it
  stops them newest first, starts them again with the same command lines, each ready before the
  next, and loads frr.conf with "vtysh -b" again; v0.0.1 ran "systemctl restart frr". The
  restarts stop when the controller answers, and never outlast the wait's deadline; when that
  passes, FRR's state is dumped (§4.10). The new daemons have new pids, and the record teardown
  uses names them. No other mode restarts anything.

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
      """
    And FRR reports the BGP summary "bgp-summary-unnumbered-established.json"

  Scenario: FRR is restarted every 120 s until the deadline
    Given the controller cannot be reached at all
    When booty brings the network up
    And booty waits for the network's controller for 300 s
    Then the wait failed with "controller http://10.0.0.1:8080/status/init unreachable after 300.0 s and 301 attempts: connection refused"
    And FRR was restarted at "120, 240" s into the wait
    And "Restarting FRR: controller not reachable after 120 s" was logged for the restarts "1, 2"
    And the daemons were stopped in the order "bgpd, zebra, bgpd, zebra"
    And booty loaded the FRR configuration 3 times
    And the FRR daemons "zebra, bgpd" run
    And the record names the FRR daemons that run
    And the FRR state was dumped

  Scenario: The restarts stop when the controller answers
    Given the controller cannot be reached for 200 attempts
    When booty brings the network up
    And booty waits for the network's controller for 300 s
    Then the controller was reached with HEAD on attempt 201
    And FRR was restarted at "120" s into the wait
    And the record names the FRR daemons that run
    And the FRR state was not dumped

  Scenario: A controller that answers within 120 s sees no restart
    Given the controller cannot be reached for 119 attempts
    When booty brings the network up
    And booty waits for the network's controller for 300 s
    Then the controller was reached with HEAD on attempt 120
    And FRR was not restarted
    And no FRR daemon was stopped

  Scenario: A wait shorter than 120 s never restarts FRR
    Given the controller cannot be reached at all
    When booty brings the network up
    And booty waits for the network's controller for 120 s
    Then the wait failed with "controller http://10.0.0.1:8080/status/init unreachable after 120.0 s and 121 attempts: connection refused"
    And FRR was not restarted

  Scenario: Teardown after restarts stops the daemons that run now
    Given the controller cannot be reached at all
    When booty brings the network up
    And booty waits for the network's controller for 300 s
    And booty tears the network down
    Then no FRR daemon runs
    And there is no link "br.provision"

  Scenario: A restart that fails is logged, stops what it started, and the next stall tries again
    Given the controller cannot be reached at all
    When booty brings the network up
    And the FRR daemon "bgpd" can no longer be started
    And booty waits for the network's controller for 300 s
    Then "FRR restart failed" was logged for the restarts "1, 2"
    And the daemons were stopped in the order "bgpd, zebra, zebra, zebra"
    And no FRR daemon runs
    And the wait failed with "controller http://10.0.0.1:8080/status/init unreachable after 300.0 s and 301 attempts: connection refused"

  Scenario: Other modes are not restarted
    Given the configuration:
      """
      underlay_ip=10.0.0.20
      asn_server=65020
      """
    And the FRR daemon "bgpd" is not installed
    And a DHCP server behind "eth0" answers after 1 s with:
      | field   | value       |
      | address | 10.0.0.9/24 |
    And the controller cannot be reached at all
    When booty brings the network up
    And booty waits for the network's controller for 300 s
    Then the bring-up ended in dhcp mode
    And the wait failed with "controller http://10.0.0.1:8080/status/init unreachable after 300.0 s and 301 attempts: connection refused"
    And FRR was not restarted
    And no FRR daemon was started during the wait
