import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { CATALOGUE_CODES } from '../../src/services/openapi.ts';
import { fakeAppDeps } from '../fakes/fake-app-deps.ts';

interface Response {
  headers?: Record<string, unknown>;
  content?: Record<
    string,
    { schema: { allOf?: { properties?: { code?: { enum: string[] } } }[] } }
  >;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, Response>;
}
interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: { code: { enum: string[] } } }> };
}

const app = createApp(fakeAppDeps().deps);
const load = async () =>
  (await (await app.request('http://api.example.test/openapi.json')).json()) as OpenApiDocument;
const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
const codes = (response: Response | undefined) =>
  response?.content?.['application/problem+json']?.schema.allOf?.[1]?.properties?.code?.enum;

describe('the OpenAPI document', () => {
  it('describes every route the app serves, and no other', async () => {
    const doc = await load();
    expect(doc.openapi).toBe('3.1.0');
    const documented = operations(doc).map(({ name }) => name);
    const served = app.routes
      .filter(
        (r) => r.method !== 'ALL' && r.path !== '/openapi.json' && !r.path.startsWith('/docs'),
      )
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });

  it('names the catalogue codes each operation can answer', async () => {
    const doc = await load();
    expect(doc.components.schemas.Problem?.properties.code.enum).toEqual(
      expect.arrayContaining(['VALIDATION_ERROR', 'USER_NOT_FOUND', 'USER_ALREADY_EXISTS']),
    );
    expect(doc.components.schemas.Problem?.properties.code.enum.length).toBe(
      CATALOGUE_CODES.length,
    );
    const register = doc.paths['/api/v1/users']?.post;
    expect(codes(register?.responses['409'])).toEqual(['USER_ALREADY_EXISTS']);
    expect(codes(register?.responses['400'])).toEqual(['VALIDATION_ERROR', 'INVALID_JSON']);
    const get = doc.paths['/api/v1/users/{id}']?.get;
    expect(codes(get?.responses['404'])).toEqual(['USER_NOT_FOUND']);
    expect(codes(get?.responses['401'])).toEqual([
      'UNAUTHENTICATED',
      'INVALID_TOKEN',
      'TOKEN_EXPIRED',
    ]);
    const logIn = doc.paths['/api/v1/auth/token']?.post;
    expect(codes(logIn?.responses['423'])).toEqual(['ACCOUNT_LOCKED']);
  });

  it('gives every operation an id, its security, X-Request-Id and the status headers', async () => {
    const doc = await load();
    const ids = new Set<string>();
    for (const { name, op } of operations(doc)) {
      expect(op.operationId, name).toBeTypeOf('string');
      ids.add(op.operationId ?? '');
      expect(op.security, name).toBeDefined();
      expect(op.responses['500'], name).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.headers?.['X-Request-Id'], `${name} ${status}`).toBeDefined();
        const extra = {
          '401': 'WWW-Authenticate',
          '405': 'Allow',
          '423': 'Retry-After',
          '503': 'Retry-After',
        }[status];
        if (extra) expect(response.headers?.[extra], `${name} ${status}`).toBeDefined();
      }
    }
    expect(ids.size).toBe(operations(doc).length);
    expect(doc.paths['/api/v1/users']?.post?.security).toEqual([]);
    expect(doc.paths['/api/v1/users/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/users']?.post?.responses['201']?.headers?.Location).toBeDefined();
  });

  it('names this server and describes its tags', async () => {
    const doc = await load();
    expect(doc.servers).toEqual([{ url: 'http://api.example.test', description: 'This service' }]);
    expect(doc.tags.map((tag) => tag.name).sort()).toEqual(['auth', 'service', 'users']);
    expect(doc.tags.every((tag) => tag.description.length > 0)).toBe(true);
  });

  it('is matched by docs/api.md, whose catalogue table lists every code', () => {
    const guide = readFileSync('docs/api.md', 'utf8');
    const rows = [...guide.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) /gm)].map(([, code]) => code);
    expect([...rows].sort()).toEqual([...CATALOGUE_CODES].sort());
  });
});
