/**
 * A throwaway Dovecot IMAP server for tests (Debian's dovecot-imapd): own configuration, mail and
 * run folders in a temp folder, its own free port, plain text login for one static test user, no
 * TLS. Started with `dovecot -F -c <conf>` (in the foreground, a child of the test) and stopped after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process.js';

export const DOVECOT_BIN = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

export interface TestDovecot {
  port: number;
  user: string;
  password: string;
  /** imap://user:password@127.0.0.1:port/INBOX */
  url: string;
  stop(): Promise<void>;
}

function uidOf(name: string): string | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function listening(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(): Promise<TestDovecot> {
  if (!DOVECOT_BIN) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = mkdtempSync(join(tmpdir(), 'vr-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'privacy';
  const password = 'test-wachtwoord';
  // The Debian package creates these users; the mail is stored as `dovecot`.
  const mailUser = uidOf('dovecot') ? 'dovecot' : 'nobody';
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  spawnSync('chown', ['-R', `${mailUser}:`, home]);
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `
protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = vr-test-${port}
log_path = ${join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${uidOf('dovecot') ? 'dovecot' : 'nobody'}
default_login_user = ${uidOf('dovenull') ? 'dovenull' : 'nobody'}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = password=${password}
}
userdb {
  driver = static
  args = uid=${mailUser} gid=${mailUser} home=${home}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0600
  }
}
`,
  );
  // No pipes: Dovecot's own children would inherit them and keep the test process waiting.
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', conf], { stdio: 'ignore' });
  try {
    await listening(port, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000) : '';
    throw new Error(`${(err as Error).message}: ${log}`);
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
