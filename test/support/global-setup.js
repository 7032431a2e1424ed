// Tests that spawn the service as a process need a current build in dist/.
import { buildIfStale } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  buildIfStale();
}
