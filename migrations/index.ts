// Every migration, in order. Listed explicitly so the service, the tests and the TypeORM CLI
// run the same set without file globbing.
import { Foundation1764086400000 } from './1764086400000-foundation.js';
import { RequestWorkflow1764090000000 } from './1764090000000-requestWorkflow.js';

export const MIGRATIONS = [Foundation1764086400000, RequestWorkflow1764090000000];
