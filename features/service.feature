Feature: Service endpoints and the input rules that apply everywhere
  Operators probe the service; every client gets the same request id, headers and problem
  documents whatever route it calls.

  Scenario: The service says it is alive
    When a client sends GET "/health"
    Then the response status is 200
    And the response field "status" is "ok"

  Scenario: The service is ready when the database and the cache answer
    When a client sends GET "/ready"
    Then the response status is 200
    And the response field "checks.database" is "ok"
    And the response field "checks.cache" is "ok"

  @in-process
  Scenario Outline: The service is not ready when the <dependency> is down
    Given the <dependency> is down
    When a client sends GET "/ready"
    Then the response is a 503 problem "SERVICE_UNAVAILABLE"
    And the response field "detail" contains "<dependency>"

    Examples:
      | dependency |
      | database   |
      | cache      |

  Scenario: The OpenAPI document describes the service
    When a client sends GET "/openapi.json"
    Then the response status is 200
    And the response field "openapi" is "3.1.0"
    And the response field "paths./ready.get.responses.503.content.application/problem+json.schema.allOf.0.$ref" is "#/components/schemas/Problem"
    And the response field "paths./ready.get.responses.503.content.application/problem+json.schema.allOf.1.properties.code.enum.0" is "SERVICE_UNAVAILABLE"
    And the response field "paths./api/v1/users/me.get.operationId" is "getCurrentUser"

  Scenario: The interactive reference is served, with its files from this service
    When a client sends GET "/docs"
    Then the response status is 200
    And the response header "content-type" is "text/html; charset=UTF-8"
    And the response body contains "/docs/swagger-ui-dist/swagger-ui-bundle.js"
    And the response body does not contain "https://"

  Scenario Outline: The reference's files come from the installed package, not a CDN
    When a client sends GET "/docs/swagger-ui-dist/<file>"
    Then the response status is 200
    And the response header "content-type" is "<type>"
    And the response body contains "<text>"

    Examples:
      | file                 | type                            | text          |
      | swagger-ui-bundle.js | text/javascript; charset=utf-8  | SwaggerUIBundle |
      | swagger-ui.css       | text/css; charset=utf-8         | .swagger-ui   |

  Scenario Outline: Only the reference's own files are served from the package
    When a client sends GET "<path>"
    Then the response is a 404 problem "NOT_FOUND"

    Examples:
      | path                              |
      | /docs/swagger-ui-dist/package.json |
      | /docs/swagger-ui-dist/index.html  |
      | /index.html                       |
      | /swagger-ui-bundle.js             |

  Scenario Outline: A trailing slash is another, unknown route: 404, never 405
    When a client sends <method> "<path>"
    Then the response is a 404 problem "NOT_FOUND"
    And the response has no header "allow"

    Examples:
      | method | path             |
      | GET    | /health/         |
      | DELETE | /ready/          |
      | POST   | /api/v1/users/   |
      | GET    | /api/v1/users/me/ |

  Scenario: An unknown route answers a problem document, not HTML
    When a client sends GET "/no/such/route"
    Then the response is a 404 problem "NOT_FOUND"
    And the response field "instance" is "/no/such/route"

  Scenario Outline: A known route called with the wrong method answers 405 with Allow
    When a client sends <method> "<path>"
    Then the response is a 405 problem "METHOD_NOT_ALLOWED"
    And the response header "allow" is "<allow>"

    Examples:
      | method | path          | allow     |
      | DELETE | /health       | GET, HEAD |
      | PUT    | /ready        | GET, HEAD |
      | PATCH  | /openapi.json | GET, HEAD |

  Scenario Outline: A valid client request id is echoed
    When a client sends GET "/health" with headers:
      | X-Request-Id | <id> |
    Then the response header "x-request-id" is "<id>"

    Examples:
      | id                                   |
      | abc                                  |
      | trace.2026-11-21_node-7              |
      | a                                    |
      | 01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567 |

  Scenario Outline: An unacceptable client request id is replaced by a fresh UUID
    When a client sends GET "/health" with headers:
      | X-Request-Id | <id> |
    Then the response header "x-request-id" is a fresh UUID

    Examples:
      | id                                                                                                                                 |
      | has space                                                                                                                          |
      | key=value                                                                                                                          |
      | slash/inside                                                                                                                       |
      | 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678 |

  Scenario: A problem carries the request id the client sent
    When a client sends GET "/nowhere" with headers:
      | X-Request-Id | client-42 |
    Then the response is a 404 problem "NOT_FOUND"
    And the response field "requestId" is "client-42"

  Scenario: Every response carries the security headers
    When a client sends GET "/no/such/route"
    Then the response header "x-content-type-options" is "nosniff"
    And the response header "x-frame-options" is "SAMEORIGIN"
    And the response header "strict-transport-security" is "max-age=15552000; includeSubDomains"

  Scenario: A Persian-speaking client gets Persian problem messages
    When a client sends GET "/no/such/route" with headers:
      | Accept-Language | fa-IR,fa;q=0.9 |
    Then the response is a 404 problem "NOT_FOUND"
    And the response field "title" is "یافت نشد"
