// `actlab web`: serves the explorer (the static site `npm run build:web` writes to dist/web) on this machine, with the
// headers that give its pages several threads.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { serveWebsite } from '../node/web-server.js';
import { leafCommand, parseFlags } from './command.js';

/** The site beside the CLI: dist/web in a built package. */
const SITE = fileURLToPath(new URL('../web/', import.meta.url));

const HELP = `Usage: actlab web [--port P] [--host H] [--open]

Serves the actlab explorer — the activation catalog, the training playground and the run viewer — from
${SITE} on http://H:P/ until stopped (Ctrl-C). Every page is static: it computes in your browser, on several
threads (the server sends the cross-origin isolation headers that allow them).

  --port P   port to listen on [8080]; 0 picks a free one
  --host H   address to listen on [127.0.0.1]; 0.0.0.0 serves other machines too
  --open     also open the explorer in the default browser`;

/** Starts the system's opener for `url` (xdg-open, open or start); says so when there is none. */
function openInBrowser(url: string, warn: (text: string) => void): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'start' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true, shell: process.platform === 'win32' });
  child.on('error', () => warn(`actlab: warning: could not start ${opener} to open a browser; open ${url} yourself\n`));
  child.unref();
}

export const webCommand = leafCommand('serve the explorer (catalog, playground, run viewer) in your browser', HELP, async (args, io) => {
  const { values, positionals } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`'actlab web' takes no arguments, got '${positionals[0]}'`);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: '${values.port}' is not a port number from 0 to 65535`);
  if (!existsSync(SITE)) throw new UsageError(`the explorer is not built: ${SITE} is missing (run \`npm run build:web\`)`);
  const server = await serveWebsite(SITE, { port, host: values.host ?? '127.0.0.1' });
  io.stdout.write(`actlab explorer: ${server.url} (Ctrl-C to stop)\n`);
  if (values.open) openInBrowser(server.url, (text) => io.stderr.write(text));
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
});
