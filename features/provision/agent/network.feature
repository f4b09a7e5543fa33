Feature: Network and controller before the pipeline
  The network comes up by the mode priority (or is left alone, as with `booty provision
  --no-network`); the agent then waits up to 5 minutes for INIT_URL, or SUCCESS_URL when INIT_URL
  is empty, and not at all when both are empty. Any HTTP answer proves the path. When no network
  mode comes up, or the controller stays silent, the run ends without reporting anything (nothing
  would get through) and the caller reboots. v0.0.1 waited five minutes even when DHCP had failed.

  Background:
    Given every pipeline step is recorded instead of done
    And the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      INIT_URL="http://caprf.example/status/init"
      SUCCESS_URL="http://caprf.example/status/success"
      """

  Scenario: With the network left alone the agent says so
    Given the network is left alone
    When the agent runs
    Then the log says "Network left alone (--no-network)"
    And the agent ran the "provision" pipeline

  Scenario: Name servers learned by DHCP are kept for the installed system
    Given the machine has a NIC "eno1" where DHCP offers 10.0.0.50/24 with the name server 10.0.0.53
    When the agent runs
    Then the pipeline saw the learned name servers "10.0.0.53"
    And the DHCP client was stopped at the end

  Scenario: With the inventory on, LLDP listening starts as soon as the network is up
    The switches send every 30 s: listening while the agent waits for the controller and reports
    init keeps collect-inventory from waiting that long itself.
    Given the machine has a NIC "eno1" where DHCP offers 10.0.0.50/24 with the name server 10.0.0.53
    And the deploy vars also set INVENTORY_ENABLED="true"
    When the agent runs
    Then the pipeline found LLDP listening on "eno1" started with the network

  Scenario: Without the inventory nobody listens for LLDP
    Given the machine has a NIC "eno1" where DHCP offers 10.0.0.50/24 with the name server 10.0.0.53
    When the agent runs
    Then the pipeline found no LLDP listening

  Scenario: No network mode comes up: the run ends at once and reports nothing
    Given the machine has no NIC
    When the agent runs
    Then the agent exits with 1
    And the run ended at "network" because "no network mode came up"
    And no pipeline ran
    And the controller received the statuses ""

  Scenario: The controller stays silent for 5 minutes: the run ends and reports nothing
    Given the network is left alone
    And "http://caprf.example/status/init" never answers
    When the agent runs
    Then the agent exits with 1
    And the run ended at "connectivity" because "caprf.example"
    And the log says "Network connectivity timeout"
    And the agent waited 300 seconds for the controller
    And no pipeline ran

  Scenario: With INIT_URL empty the agent waits for SUCCESS_URL
    Given the network is left alone
    And the deploy vars also set INIT_URL=""
    When the agent runs
    Then the first request went to "http://caprf.example/status/success"

  Scenario: Without any status URL the agent does not wait
    Given the network is left alone
    And the deploy vars also set INIT_URL=""
    And the deploy vars also set SUCCESS_URL=""
    When the agent runs
    Then no HTTP request was sent
    And the log says "not waiting for the controller"
