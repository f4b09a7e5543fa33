Feature: The bearer token only travels over safe transport
  The original sent the token over any scheme (spec caprf-and-config.md §8 item 18). booty sends
  it over https, or over plain http to a loopback address; anything else needs the operator's
  explicit INSECURE_TRANSPORT=true, and then the client says so in its log.

  Scenario: Plain http to a remote controller with a token is refused without sending anything
    Given the controller endpoints:
      | key      | value                           |
      | TOKEN    | my-token                        |
      | INIT_URL | http://10.100.0.11/status/init  |
    When the agent reports init "provisioning started"
    Then the report failed with "refusing to send the bearer token over plain http"
    And no request was sent

  Scenario: The operator may allow plain http explicitly
    Given the controller endpoints:
      | key                | value                          |
      | TOKEN              | my-token                       |
      | INIT_URL           | http://10.100.0.11/status/init |
      | INSECURE_TRANSPORT | true                           |
    When the agent reports init "provisioning started"
    Then the report succeeded
    And every request carried "Authorization: Bearer my-token"
    And the controller client warned "Sending the bearer token over plain http because INSECURE_TRANSPORT=true"

  Scenario: Plain http to loopback carries the token
    Given the controller endpoints:
      | key      | value                              |
      | TOKEN    | my-token                           |
      | INIT_URL | http://127.0.0.1:8080/status/init  |
    When the agent reports init "provisioning started"
    Then the report succeeded
    And every request carried "Authorization: Bearer my-token"

  Scenario: Error messages never contain the token
    Given the controller endpoints:
      | key      | value                           |
      | TOKEN    | my-token                        |
      | INIT_URL | https://caprf.local/status/init |
    And the controller answers INIT_URL with 403
    When the agent reports init "provisioning started"
    Then the report failed with "status 403"
    And neither the error nor the client's log contains "my-token"
