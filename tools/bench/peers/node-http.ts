/**
 * The floor: a bare `node:http` server answering `GET /` with a small JSON body. Listens on
 * 127.0.0.1:`PORT`; SIGTERM closes it.
 */
import { createServer } from 'node:http';

const body = JSON.stringify({ message: 'hello' });
const server = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
