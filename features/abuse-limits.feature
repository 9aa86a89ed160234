Feature: Abuse limits per client address
  A script that fires log-ins, sign-ups, refreshes, password resets or email verifications
  from one address meets 429 with Retry-After and the IETF RateLimit headers, and the refused
  request does none of its work. A person's pace never meets a limit, and other addresses
  are not affected.

  Background:
    Given a registered user "ada"

  Scenario: A script's burst of log-ins from one address meets 429
    When a script logs in as "ada" 25 times from "203.0.113.9"
    Then the burst was cut off after at most 20 log-ins
    And the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit-Policy" is "\"token\";q=20;w=60"
    And the response header "RateLimit" starts with "\"token\";r=0;t="
    When "ada" logs in with the right password from "198.51.100.20"
    Then the log-in succeeds with a bearer token pair

  Scenario: A person's pace never meets the limit
    When a script logs in as "ada" 5 times from "203.0.113.10"
    Then every log-in of the burst succeeded
    And the response header "RateLimit-Policy" is "\"token\";q=20;w=60"

  Scenario: A burst of sign-ups from one address meets 429
    When a script registers 12 users from "192.0.2.44"
    Then the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "RateLimit-Policy" is "\"register\";q=10;w=60"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit" starts with "\"register\";r=0;t="
    When an admin searches users with "username=bot&sort=username"
    Then the search finds "bot0, bot1, bot2, bot3, bot4, bot5, bot6, bot7, bot8, bot9"

  Scenario: A burst of refreshes from one address meets 429, and the refused one retires no token
    Given "ada" has logged in on "laptop"
    When a script refreshes the session of "ada" on "laptop" 31 times from "203.0.113.21"
    Then the burst answered "30×200, 1×429"
    And the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit-Policy" is "\"refresh\";q=30;w=60"
    And the response header "RateLimit" starts with "\"refresh\";r=0;t="
    When the refresh token of "ada" on "laptop" is used from "198.51.100.21"
    Then the answer is a new token pair that works

  Scenario: A burst of password-reset requests from one address meets 429, and sends no more links
    When a script asks for a password reset for "ada@example.com" 7 times from "192.0.2.45"
    Then the burst answered "5×202, 2×429"
    And the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit-Policy" is "\"password-reset\";q=5;w=60"
    And the response header "RateLimit" starts with "\"password-reset\";r=0;t="
    And "ada@example.com" received 5 password-reset links
    When someone asks for a password reset for "ada@example.com" from "198.51.100.45"
    Then the response status is 202
    And "ada@example.com" received 6 password-reset links

  Scenario: A burst of reset confirmations from one address meets 429, and the refused one sets no password
    Given "ada" asked for a password reset
    When a script sets a password with a made-up reset token 5 times from "192.0.2.46"
    Then the burst answered "5×400"
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1 from "192.0.2.46"
    Then the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit-Policy" is "\"password-reset\";q=5;w=60"
    And the response header "RateLimit" starts with "\"password-reset\";r=0;t="
    And "ada" can log in with "the old password" but not with "a brand new phrase 7"
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1 from "198.51.100.46"
    Then the response status is 204
    And "ada" can log in with "a brand new phrase 7" but not with "the old password"

  Scenario: A burst of email verifications from one address meets 429, and the refused one verifies nothing
    When a script verifies an email with a made-up token 10 times from "203.0.113.47"
    Then the burst answered "10×400"
    When "ada" follows the verification link of email number 1 to "ada@example.com" from "203.0.113.47"
    Then the response is a 429 problem "RATE_LIMIT_EXCEEDED"
    And the response header "Retry-After" is a number of seconds up to 60
    And the response header "RateLimit-Policy" is "\"verify-email\";q=10;w=60"
    And the response header "RateLimit" starts with "\"verify-email\";r=0;t="
    And "ada"'s email is unverified as she reads herself
    When "ada" follows the verification link of email number 1 to "ada@example.com" from "198.51.100.47"
    Then the response field "emailVerified" is "true"
    And "ada"'s email is verified as she reads herself
