// A small static HTTP server for pages that need particular headers (a Content-Security-Policy,
// a wasm answered with a 404 or served as text/html): `answer(url)` decides each response.
import http from 'node:http';

/**
 * Listens on a free port of 127.0.0.1. `answer(url)` (a URL object) resolves to `{status = 200,
 * type, body = '', headers}` (null: 404). Every response has `Cache-Control: no-store`. Returns
 * `{url, requests, close()}`; `requests` lists `"<status> <path>"` as they are answered.
 */
export async function serveStatic(answer) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let response;
    try {
      response = (await answer(url)) ?? { status: 404, type: 'text/plain', body: 'not found' };
    } catch (error) {
      response = { status: 500, type: 'text/plain', body: String(error?.stack ?? error) };
    }
    const { status = 200, type, body = '', headers = {} } = response;
    requests.push(`${status} ${url.pathname}`);
    res.writeHead(status, { ...(type && { 'Content-Type': type }), 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
