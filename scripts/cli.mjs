// `npm run cli -- <command>`: build when stale, then run the admin CLI.
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
await import('../dist/src/cli.js');
