Feature: Sessions
  A session is one log-in. A user sees their live sessions and ends them; an ended
  session's access token is refused on the very next request, whatever its expiry.

  Background:
    Given a registered user "ada"
    And "ada" has logged in on "laptop"
    And "ada" has logged in on "phone"

  Scenario: Two log-ins are two sessions; ending one stops it at once and leaves the other
    When "ada" lists the sessions of "ada" from "laptop"
    Then the sessions listed are "phone, laptop", newest first, with "laptop" current
    When "ada" ends the session of "phone" from "laptop"
    Then the response status is 204
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused
    And the access token of "ada" on "laptop" still works
    When "ada" lists the sessions of "ada" from "laptop"
    Then the sessions listed are "laptop", newest first, with "laptop" current

  Scenario: Logging out everywhere ends every session
    When "ada" logs out everywhere from "laptop"
    Then the response status is 204
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused
    And the refresh token of "ada" on "laptop" is refused

  Scenario: Logging out ends the session of the refresh token, and only that one
    When "ada" logs out on "phone"
    Then the response status is 204
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused
    And the access token of "ada" on "laptop" still works
    When "ada" logs out on "phone"
    Then the response status is 204
    And the access token of "ada" on "laptop" still works

  Scenario: Logging out with an unknown refresh token is no error
    When someone logs out with the refresh token "never-issued"
    Then the response status is 204
    And the access token of "ada" on "laptop" still works
    And the access token of "ada" on "phone" still works

  Scenario: An ended or unknown session is not found
    When "ada" ends the session of "phone" from "laptop"
    And "ada" ends that session again from "laptop"
    Then the response is a 404 problem "SESSION_NOT_FOUND"
    When "ada" ends the session "6a1f0e52-3c1d-4b7e-9a0f-1e2d3c4b5a69" from "laptop"
    Then the response is a 404 problem "SESSION_NOT_FOUND"
    When "ada" ends the session "not-a-uuid" from "laptop"
    Then the response is a 400 problem "INVALID_ARGUMENT"
    And the access token of "ada" on "laptop" still works

  @in-process
  Scenario: A session past its expiry is not found either, as it is no longer listed
    Given "ada" has noted her session on "phone" from "laptop"
    And 31 days have passed
    And "ada" has logged in on "tablet"
    When "ada" ends that session again from "tablet"
    Then the response is a 404 problem "SESSION_NOT_FOUND"
    When "ada" lists the sessions of "ada" from "tablet"
    Then the sessions listed are "tablet", newest first, with "tablet" current

  Scenario: Another user may not see or end ada's sessions; an admin may
    Given a registered user "bob"
    When "bob" lists the sessions of "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    When "bob" ends every session of "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    And the access token of "ada" on "laptop" still works
    When an admin lists the sessions of "ada"
    Then the sessions listed are "phone, laptop", newest first, with "none" current
    When an admin ends every session of "ada"
    Then the response status is 204
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused

  Scenario: A suspension ends every session, and re-activation does not bring them back
    When an admin suspends "ada"
    And an admin activates "ada"
    Then the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused

  Scenario: A refresh token used twice ends its session: its newest access token stops at once
    When the refresh token of "ada" on "phone" is used twice
    Then the response is a 401 problem "INVALID_TOKEN"
    And the access token of "ada" on "phone (refreshed)" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone (refreshed)" is refused
    And the access token of "ada" on "laptop" still works
