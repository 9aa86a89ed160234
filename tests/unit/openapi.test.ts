import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { fakeAppDeps } from '../fakes/fake-app-deps.ts';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

describe('the OpenAPI document', () => {
  const app = createApp(fakeAppDeps().deps);

  it('describes every route the app serves, and no other', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json' && r.path !== '/docs')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });

  it('documents problem responses for every error a user route can answer', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as OpenApiDocument;
    const post = doc.paths['/api/v1/users']?.post;
    expect(Object.keys(post?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '409', '413', '415']),
    );
    const get = doc.paths['/api/v1/users/{id}']?.get;
    expect(Object.keys(get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
  });
});
