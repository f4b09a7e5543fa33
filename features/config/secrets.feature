Feature: Secrets never leave the configuration
  TOKEN (and any key that looks like a password or key) is kept as a secret value: it shows as
  `***` in repr, in the normalized output, in JSON, in warnings and in error messages.

  Scenario: The token is masked everywhere it could be shown
    Given the vars file:
      """
      export TOKEN="s3cr3t-t0ken"
      export HOSTNAME="h"
      """
    When booty loads the vars file
    Then the value of "TOKEN" is "***"
    And the text "s3cr3t-t0ken" appears in none of: repr, normalized vars, JSON

  Scenario: A malformed line holding a secret is reported without its value
    Given the vars file:
      """
      TOKEN s3cr3t-t0ken
      """
    When booty loads the vars file
    Then loading fails with the problem "vars:1: expected KEY=VALUE"
    And the error message does not contain "s3cr3t-t0ken"

  Scenario: Credentials in image URLs are masked in the output
    Given the vars file:
      """
      IMAGE="https://user:hunter22@images.local/os.img.gz"
      """
    When booty loads the vars file
    Then the value of "IMAGE" is the list ["https://***@images.local/os.img.gz"]

  Scenario: A token bound for plain http to a remote host is flagged
    Given the vars file:
      """
      export TOKEN="t0ken-value"
      export INIT_URL="http://10.100.0.11/status/init"
      export LOG_URL="https://controller.local/log"
      """
    When booty loads the vars file
    Then there is a warning "vars:1: TOKEN: is set but plain http to a non-loopback host is used by INIT_URL: the token will not be sent there and those requests will be refused; use https or set INSECURE_TRANSPORT=true"
