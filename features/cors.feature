Feature: Browser apps on listed origins may call the API (CORS)
  `CORS_ORIGINS` lists the origins a browser app may call from (here "https://app.example.test");
  any other origin gets no CORS headers, so the browser keeps the answer from it.

  Scenario: A preflight from a listed origin is allowed
    When a client sends OPTIONS "/api/v1/users" with headers:
      | Origin                         | https://app.example.test     |
      | Access-Control-Request-Method  | POST                         |
      | Access-Control-Request-Headers | content-type, authorization  |
    Then the response status is 204
    And the response header "access-control-allow-origin" is "https://app.example.test"
    And the response header "access-control-allow-methods" is "GET,HEAD,POST,PUT,PATCH,DELETE"
    And the response header "access-control-allow-headers" is "Authorization,Content-Type,Accept-Language,X-Request-Id"

  Scenario: A listed origin may read the headers the contract exposes
    When a client sends GET "/health" with headers:
      | Origin | https://app.example.test |
    Then the response status is 200
    And the response header "access-control-allow-origin" is "https://app.example.test"
    And the response header "access-control-expose-headers" is "X-Request-Id,Location,Retry-After,RateLimit,RateLimit-Policy"

  Scenario: A problem answered to a listed origin carries CORS headers too
    When a client sends GET "/api/v1/users/me" with headers:
      | Origin | https://app.example.test |
    Then the response is a 401 problem "UNAUTHENTICATED"
    And the response header "access-control-allow-origin" is "https://app.example.test"

  Scenario Outline: An unlisted origin gets no CORS headers
    When a client sends <method> "/api/v1/users" with headers:
      | Origin                        | https://evil.example.test |
      | Access-Control-Request-Method | POST                      |
    Then the response has no header "access-control-allow-origin"
    And the response has no header "access-control-allow-methods"
    And the response has no header "access-control-expose-headers"
    And the response header "vary" is "Origin"

    Examples:
      | method  |
      | OPTIONS |
      | GET     |
