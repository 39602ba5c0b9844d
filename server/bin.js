#!/usr/bin/env node
// call-elements-server: the demo page and the built bundle (and, with the local provider, signaling).
import { createServer } from 'node:http';
import { serveStatic } from './static.js';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? 'localhost';
const server = createServer(serveStatic);
server.listen(port, host, () => {
  console.log(`call-elements demo: http://${host}:${port}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
