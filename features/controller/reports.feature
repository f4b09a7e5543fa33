Feature: Logs, heartbeats and reports
  Besides statuses the agent ships log lines, debug reports and heartbeats as text, and the
  inventory, firmware and health documents as JSON, byte for byte (spec caprf-and-config.md §2.3).

  Background:
    Given the controller endpoints:
      | key              | value                          |
      | TOKEN            | test-token                     |
      | LOG_URL          | https://caprf.local/log        |
      | DEBUG_URL        | https://caprf.local/debug      |
      | HEARTBEAT_URL    | https://caprf.local/heartbeat  |
      | INVENTORY_URL    | https://caprf.local/inventory  |
      | FIRMWARE_URL     | https://caprf.local/firmware   |
      | HEALTH_CHECK_URL | https://caprf.local/health     |

  Scenario: Text messages keep their exact bytes
    When the agent ships the log text "step 1: detecting disk"
    And the agent ships the debug report "debug payload"
    And the agent sends a heartbeat
    Then the controller received these requests:
      | method | url                           | content_type | body                   |
      | POST   | https://caprf.local/log       | text/plain   | step 1: detecting disk |
      | POST   | https://caprf.local/debug     | text/plain   | debug payload          |
      | POST   | https://caprf.local/heartbeat | text/plain   | heartbeat              |

  Scenario: JSON reports are sent unchanged
    When the agent reports inventory {"system":{"vendor":"Dell"}}
    And the agent reports firmware {"bios":{"version":"U50"}}
    And the agent reports health [{"name":"disk-presence","status":"pass","severity":"critical","message":"ok"}]
    Then the controller received these requests:
      | method | url                           | content_type     | body                                                                              |
      | POST   | https://caprf.local/inventory | application/json | {"system":{"vendor":"Dell"}}                                                      |
      | POST   | https://caprf.local/firmware  | application/json | {"bios":{"version":"U50"}}                                                        |
      | POST   | https://caprf.local/health    | application/json | [{"name":"disk-presence","status":"pass","severity":"critical","message":"ok"}]   |
    And every request carried "Authorization: Bearer test-token"

  Scenario: Calls without a URL do nothing and succeed
    Given the controller endpoints:
      | key   | value |
      | TOKEN | t     |
    When the agent ships the log text "x"
    And the agent sends a heartbeat
    And the agent reports inventory {"a":1}
    And the agent polls for commands
    Then no request was sent
    And there are no commands
