import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ResolveFnOutput, ResolveHookContext } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePackageModule } from '../../../src/kit/node/package-module-resolve.ts';

// A throwaway node_modules: an ES module package (with a CommonJS folder inside it), a
// package without "type", and a project file outside node_modules.
const root = mkdtempSync(join(tmpdir(), 'user-api-resolve-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
function write(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return pathToFileURL(full).href;
}
write('node_modules/esm-pkg/package.json', '{"type":"module","exports":{}}');
const esm = {
  index: write('node_modules/esm-pkg/index.js', ''),
  helper: write('node_modules/esm-pkg/lib/helper.js', ''),
  cjsIndex: write('node_modules/esm-pkg/cjs/index.js', ''),
};
write('node_modules/esm-pkg/cjs/package.json', '{"type":"commonjs"}');
write('node_modules/esm-pkg/cjs/other.js', '');
const plain = {
  index: write('node_modules/plain-pkg/index.js', ''),
};
write('node_modules/plain-pkg/package.json', '{"name":"plain-pkg"}');
write('node_modules/plain-pkg/other.js', '');
const project = write('src/main.js', '');
write('src/other.js', '');

/** Runs the hook with a `nextResolve` that records being asked. */
function resolve(specifier: string, parentURL: string) {
  const asked: string[] = [];
  const next = (s: string): ResolveFnOutput => {
    asked.push(s);
    return { url: 'next:' + s };
  };
  const context: ResolveHookContext = {
    conditions: ['node', 'import'],
    importAttributes: {},
    parentURL,
  };
  return { result: resolvePackageModule(specifier, context, next), asked };
}

describe('the package module resolve hook', () => {
  it('answers a relative import inside a "type": "module" package itself, as an ES module', () => {
    const { result, asked } = resolve('./lib/helper.js', esm.index);
    expect(result).toEqual({ url: esm.helper, format: 'module', shortCircuit: true });
    expect(asked).toEqual([]);
    expect(resolve('../index.js', esm.helper).result).toEqual({
      url: esm.index,
      format: 'module',
      shortCircuit: true,
    });
  });

  it('leaves to Node what it cannot answer from "type": "module"', () => {
    // a nested package.json that says otherwise, a package without "type", a file that is not
    // there, a bare specifier, a file outside node_modules, a specifier that is not .js
    expect(resolve('./other.js', esm.cjsIndex).asked).toEqual(['./other.js']);
    expect(resolve('./other.js', plain.index).asked).toEqual(['./other.js']);
    expect(resolve('./missing.js', esm.index).asked).toEqual(['./missing.js']);
    expect(resolve('esm-pkg', esm.helper).asked).toEqual(['esm-pkg']);
    expect(resolve('./other.js', project).asked).toEqual(['./other.js']);
    expect(resolve('./package.json', esm.index).asked).toEqual(['./package.json']);
  });
});
