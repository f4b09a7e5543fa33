Feature: Reporting status to the controller
  The agent tells the CAPRF controller where provisioning stands by POSTing a text message to
  one URL per status (spec caprf-and-config.md §2.3, §2.4), with the machine's bearer token.

  Background:
    Given the controller endpoints:
      | key         | value                             |
      | TOKEN       | my-token                          |
      | INIT_URL    | https://caprf.local/status/init    |
      | SUCCESS_URL | https://caprf.local/status/success |
      | ERROR_URL   | https://caprf.local/status/error   |

  Scenario: Each status goes to its own URL as plain text with the bearer token
    When the agent reports init "provisioning started"
    And the agent reports success "provisioning complete"
    And the agent reports error "step detect-disk failed: no disk"
    Then the controller received these requests:
      | method | url                                | content_type | body                             |
      | POST   | https://caprf.local/status/init    | text/plain   | provisioning started             |
      | POST   | https://caprf.local/status/success | text/plain   | provisioning complete            |
      | POST   | https://caprf.local/status/error   | text/plain   | step detect-disk failed: no disk |
    And every request carried "Authorization: Bearer my-token"

  Scenario: A status without a URL is skipped with a warning
    Given the controller endpoints:
      | key      | value                          |
      | INIT_URL | https://caprf.local/status/init |
    When the agent reports success "provisioning complete"
    Then no request was sent
    And the controller client warned "No URL configured for status, skipping"

  Scenario: Without a token no Authorization header is sent
    Given the controller endpoints:
      | key      | value                          |
      | INIT_URL | https://caprf.local/status/init |
    When the agent reports init "provisioning started"
    Then no request carried an Authorization header
