import { describe, expect, it } from 'vitest';
import { acceptedRequestId } from '../../../src/kit/http/request-id.ts';

describe('acceptedRequestId', () => {
  it.each(['a', 'abc-DEF_123.x', 'x'.repeat(128)])('accepts %s', (id) => {
    expect(acceptedRequestId(id)).toBe(id);
  });

  it.each(['', 'x'.repeat(129), 'a b', 'a=b', 'a/b', 'ä', 'a\nb', undefined])(
    'rejects %j',
    (id) => {
      expect(acceptedRequestId(id)).toBeUndefined();
    },
  );
});
