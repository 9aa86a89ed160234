Feature: Abuse limits per client address
  A script that fires log-ins from one address meets 429 with Retry-After and the IETF
  RateLimit headers; a person's pace never does, and other addresses are not affected.

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
