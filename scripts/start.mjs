// `npm start`: build when the build is missing or stale, then run the service in this process.
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
await import('../dist/src/main.js');
