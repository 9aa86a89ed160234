Feature: Passwords
  A user changes their password, or resets a forgotten one through an emailed link. Either
  ends every earlier session at once. A new password or a new email address makes an earlier
  reset link stop working. The policy is the one of registration.

  Background:
    Given a registered user "ada"
    And "ada" has logged in on "laptop"
    And "ada" has logged in on "phone"

  Scenario: Changing the password ends every earlier session and answers a new one
    When "ada" changes her password from "the right password" to "a brand new phrase 7"
    Then the answer is a new token pair that works
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "laptop" is refused
    And "ada" can log in with "a brand new phrase 7" but not with "the old password"

  Scenario: A wrong current password is a validation error naming it, and counts toward the lock
    When "ada" changes her password from "not my password at all" to "a brand new phrase 7"
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "currentPassword"
    And the response body does not contain "not my password at all"
    When "ada" logs in with a wrong password 4 times
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the access token of "ada" on "laptop" still works

  Scenario Outline: A new password against the policy is refused, and the old one still works
    When "ada" changes her password from "the right password" to "<password>"
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "newPassword"
    And the access token of "ada" on "laptop" still works
    And "ada" can log in with "the old password" but not with "<password>"

    Examples:
      | password              |
      | too short             |
      | my name is ada, truly |

  Scenario: A new password against the policy counts nothing toward the lock, however often
    When "ada" changes her password from "the right password" to "my name is ada, truly" 5 times
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "newPassword"
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair

  Scenario: Only the user may change their password, not another user nor an admin
    Given a registered user "bob"
    And "bob" has logged in on "laptop"
    When "bob" tries to change the password of "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    And "ada" can log in with "a sturdy passphrase 1" but not with "a brand new phrase 7"
    When an admin tries to change the password of "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    And "ada" can log in with "a sturdy passphrase 1" but not with "a brand new phrase 7"
    And the access token of "ada" on "laptop" still works

  Scenario: A reset request answers the same for a known and an unknown address
    When someone asks for a password reset for "ada@example.com"
    And someone asks for a password reset for "nobody@example.com"
    Then the answers for "ada@example.com" and "nobody@example.com" are the same 202
    And "ada@example.com" received a password-reset link
    And nobody received a password-reset email

  Scenario: The emailed link sets a new password once, ends every session and clears the lock
    Given "ada" is locked out by wrong passwords
    And "ada" asked for a password reset
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1
    Then the response status is 204
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the refresh token of "ada" on "phone" is refused
    And "ada" can log in on "desk" with "a brand new phrase 7"
    When someone sets the password "yet another phrase 8" with "ada"'s reset link number 1
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada" can log in on "desk" with "a brand new phrase 7"

  Scenario: A newer reset link replaces the older one
    Given "ada" asked for a password reset
    And "ada" asked for a password reset
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 2
    Then the response status is 204
    And "ada" can log in with "a brand new phrase 7" but not with "the old password"
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"

  Scenario: A reset link sent before a password change no longer works
    Given "ada" asked for a password reset
    When "ada" changes her password from "the right password" to "a brand new phrase 7"
    And someone sets the password "yet another phrase 8" with "ada"'s reset link number 1
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada" can log in with "a brand new phrase 7" but not with "yet another phrase 8"

  Scenario: A reset link sent to the old address no longer works after an email change
    Given "ada" asked for a password reset
    When "ada" changes her email to "ada@new.example.com"
    And someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada" can log in with "the old password" but not with "a brand new phrase 7"

  Scenario: A reset to a password against the policy is refused and spends nothing
    Given "ada" asked for a password reset
    When someone sets the password "ada is my name 123" with "ada"'s reset link number 1
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "newPassword"
    And "ada" can log in with "the old password" but not with "ada is my name 123"
    And the access token of "ada" on "laptop" still works
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1
    Then the response status is 204
    And "ada" can log in with "a brand new phrase 7" but not with "the old password"
    And the access token of "ada" on "laptop" is refused with "INVALID_TOKEN"
    And the access token of "ada" on "phone" is refused with "INVALID_TOKEN"

  Scenario: An unknown reset token is refused
    When someone sets the password "a brand new phrase 7" with the reset token "made-up-token"
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada" can log in with "the old password" but not with "a brand new phrase 7"

  @in-process
  Scenario: A reset link stops working after 30 minutes
    Given "ada" asked for a password reset
    And 31 minutes have passed
    When someone sets the password "a brand new phrase 7" with "ada"'s reset link number 1
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada" can log in with "the old password" but not with "a brand new phrase 7"
