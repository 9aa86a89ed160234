Feature: A lockout strangers cannot aim
  Five wrong passwords lock the (account, client address) pair: the stranger is locked out,
  the owner on another address is not (an IPv6 address counts as its /64). Twenty failures in 15 minutes from any mix of
  addresses lock the account itself. An unknown login locks exactly like a real one.

  Background:
    Given a registered user "ada"

  Scenario: Five wrong passwords from address A lock A out while the owner logs in from B
    When "ada" logs in with a wrong password 5 times from "203.0.113.66"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "Retry-After" is "900"
    When "ada" logs in with the right password from "203.0.113.66"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When "ada" logs in with the right password from "198.51.100.7"
    Then the log-in succeeds with a bearer token pair

  Scenario: Wrong passwords from anywhere in one IPv6 /64 count as one address
    When "ada" logs in with a wrong password 4 times from "2001:db8:66:1::1"
    And "ada" logs in with a wrong password 1 times from "2001:db8:66:1::beef"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When "ada" logs in with the right password from "2001:db8:66:1:ffff::2"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When "ada" logs in with the right password from "2001:db8:66:2::1"
    Then the log-in succeeds with a bearer token pair

  Scenario: An unknown login answers exactly as a real one, lock included
    When "nobody" logs in with a wrong password 4 times from "203.0.113.67"
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    When "nobody" logs in with a wrong password 1 times from "203.0.113.67"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "Retry-After" is "900"

  Scenario Outline: Twenty failures from many addresses lock the account itself, and an unknown login alike
    When "<login>" logs in with a wrong password 4 times from "192.0.2.1"
    And "<login>" logs in with a wrong password 4 times from "192.0.2.2"
    And "<login>" logs in with a wrong password 4 times from "192.0.2.3"
    And "<login>" logs in with a wrong password 4 times from "192.0.2.4"
    And "<login>" logs in with a wrong password 3 times from "192.0.2.5"
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    When "<login>" logs in with a wrong password 1 times from "192.0.2.6"
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "Retry-After" is a number of seconds up to 900
    When "<login>" logs in with the right password from "198.51.100.8"
    Then the response is a 423 problem "ACCOUNT_LOCKED"

    Examples:
      | login  |
      | ada    |
      | nobody |
