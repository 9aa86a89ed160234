import assert from 'node:assert/strict';
import type { LastResponse } from './scenario-context.ts';

/**
 * Asserts that `response` is the problem document the contract promises: status, code,
 * content type, the shape, the request id, and nothing of the internals.
 */
export function assertProblem(response: LastResponse, status: number, code: string): void {
  assert.equal(response.status, status, `got ${response.status}: ${response.text.slice(0, 500)}`);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  const problem = response.json as Record<string, unknown>;
  assert.equal(problem.code, code);
  assert.equal(problem.status, status);
  assert.equal(problem.type, 'about:blank');
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.detail, 'string');
  assert.equal(problem.requestId, response.headers.get('x-request-id'));
  assert.doesNotMatch(
    response.text,
    /\bat .+:\d+:\d+|node_modules|stack/i,
    'a problem leaks internals',
  );
}
