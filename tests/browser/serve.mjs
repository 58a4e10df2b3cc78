// A tiny static file server for a built site, on 127.0.0.1 only.
// Serves files under `root` (a folder URL path gets its index.html); anything
// else gets root/404.html with status 404, as a static host would.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Maps a URL path to a file under root, or null. */
async function find(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (path.endsWith('/')) {
    const index = join(file, 'index.html');
    return (await isFile(index)) ? index : null;
  }
  return (await isFile(file)) ? file : null;
}

/** Starts serving `dir`; resolves to { server, origin }. Port 0 picks a free port. */
export async function serve(dir, port = 0) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = null;
    if (req.method === 'GET' || req.method === 'HEAD') file = await find(root, url.pathname);
    let status = 200;
    if (!file) {
      status = req.method === 'GET' || req.method === 'HEAD' ? 404 : 405;
      file = join(root, '404.html');
      if (!(await isFile(file))) file = null;
    }
    const body = file ? await readFile(file) : Buffer.from('Not found\n');
    res.writeHead(status, {
      'Content-Type': file ? TYPES[extname(file).toLowerCase()] || 'application/octet-stream' : 'text/plain',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// `node serve.mjs DIR [PORT]`: serve a built site by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node serve.mjs DIR [PORT]');
    process.exit(2);
  }
  const { origin } = await serve(dir, Number(port || 0));
  console.log(`serving ${resolve(dir)} at ${origin}/`);
}
