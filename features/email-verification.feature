Feature: Email verification
  Registration, and every change of email, sends a link that verifies the address once.

  Background:
    Given a registered user "ada"

  Scenario: Following the link from the welcome email verifies the address, once
    Then "ada@example.com" has 1 verification email
    And "ada"'s email is unverified as she reads herself
    When "ada" follows the verification link of email number 1 to "ada@example.com"
    Then the response status is 200
    And the response field "emailVerified" is "true"
    And "ada"'s email is verified as she reads herself
    When "ada" follows the verification link of email number 1 to "ada@example.com"
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"

  Scenario: Changing the email makes it unverified and sends a link to the new address
    When "ada" follows the verification link of email number 1 to "ada@example.com"
    And "ada" changes her email to "ada@new.example.com"
    Then the response field "emailVerified" is "false"
    And "ada"'s email is unverified as she reads herself
    And "ada@new.example.com" has 1 verification email
    When "ada" follows the verification link of email number 1 to "ada@new.example.com"
    Then the response field "emailVerified" is "true"
    And "ada"'s email is verified as she reads herself

  Scenario: A link to the old address stops working once the email changes
    When "ada" changes her email to "ada@new.example.com"
    And "ada" follows the verification link of email number 1 to "ada@example.com"
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada"'s email is unverified as she reads herself

  Scenario: A new verification email replaces the older link; a verified address needs none
    When "ada" asks for a new verification email
    Then the response status is 202
    And "ada@example.com" has 2 verification emails
    When "ada" follows the verification link of email number 1 to "ada@example.com"
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    When "ada" follows the verification link of email number 2 to "ada@example.com"
    Then the response status is 200
    And "ada"'s email is verified as she reads herself
    When "ada" asks for a new verification email
    Then the response is a 409 problem "INVALID_STATE"
    And "ada@example.com" has 2 verification emails

  Scenario: Emails are in Persian when the registration asked for it
    When someone registers in Persian as "sara"
    Then the latest email to "sara@example.com" is titled "خوش آمدید: ایمیل خود را تأیید کنید"

  Scenario: An unknown verification token is refused
    When someone verifies an email with the token "made-up-token"
    Then the response is a 400 problem "INVALID_ONE_TIME_TOKEN"
    And "ada"'s email is unverified as she reads herself
