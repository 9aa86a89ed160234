import { defineParameterType } from '@cucumber/cucumber';

/**
 * Who performs a step: `an admin`, `someone` (no credentials), or a registered user by
 * name in quotes (`"ada"`). Steps turn the actor into request headers.
 */
export type Actor = { kind: 'admin' } | { kind: 'anonymous' } | { kind: 'user'; name: string };

defineParameterType({
  name: 'actor',
  regexp: /an admin|someone|"[^"]+"/,
  transformer: (text: string): Actor =>
    text === 'an admin'
      ? { kind: 'admin' }
      : text === 'someone'
        ? { kind: 'anonymous' }
        : { kind: 'user', name: text.slice(1, -1) },
});
