import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import { NotFoundError } from '../errors/catalogue.ts';

/** The files of the `swagger-ui-dist` package the reference page loads. */
const DOCS_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

export type DocsAssetName = keyof typeof DOCS_ASSETS;

/**
 * Where a runtime reads the reference UI's files from: the installed package on Node and
 * Deno, the Worker's assets binding at the edge. Resolves `undefined` for a missing file.
 */
export type DocsAssets = (name: DocsAssetName) => Promise<Uint8Array | string | undefined>;

const isAssetName = (name: string): name is DocsAssetName => Object.hasOwn(DOCS_ASSETS, name);

/**
 * `GET /docs`, the interactive reference (swagger-ui), and its files under
 * `/docs/swagger-ui-dist/`, same origin: the page needs no network beyond this service.
 *
 * @example
 * app.route('/', docsRoutes({ title: 'My API', specUrl: '/openapi.json', assets }));
 */
export function docsRoutes({
  title,
  specUrl,
  assets,
}: {
  title: string;
  specUrl: string;
  assets: DocsAssets;
}) {
  return (
    new Hono()
      // validatorUrl 'none': swagger-ui would otherwise ask validator.swagger.io for a badge.
      .get('/docs', swaggerUI({ url: specUrl, title, baseUrl: '/docs', validatorUrl: 'none' }))
      .get('/docs/swagger-ui-dist/:file', async function docsAsset(c) {
        const name = c.req.param('file');
        const body = isAssetName(name) ? await assets(name) : undefined;
        // Not c.notFound(): the app's would call a GET-able path a 405.
        if (body === undefined) throw new NotFoundError();
        return c.body(body as string, 200, {
          'Content-Type': DOCS_ASSETS[name as DocsAssetName],
          'Cache-Control': 'public, max-age=86400',
        });
      })
  );
}
