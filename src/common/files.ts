/** Files that others read while the service writes them (the outbox folder, notes in the inbox). */
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` under a hidden temporary name in the same folder, then renames it to `path`: whoever
 * watches the folder (a person, a mail client, the tests) sees the whole file or none of it.
 */
export async function writeFileWhole(path: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  await writeFile(temporary, data, { mode });
  await rename(temporary, path);
}
