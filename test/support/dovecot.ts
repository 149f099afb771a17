import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';

/** Dovecot binaries looked for, in order. */
const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

export interface TestImapUser {
  username: string;
  password: string;
}

export interface TestDovecot {
  host: string;
  port: number;
  user: TestImapUser;
  /** The server's log, for failure messages. */
  readLog(): Promise<string>;
  stop(): Promise<void>;
}

function findDovecot(): string | null {
  const onPath = (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();

  return [onPath, ...CANDIDATES].find((path) => path && existsSync(path)) ?? null;
}

/**
 * Returns why Dovecot tests cannot run here, or null when they can. Under CI=true a missing
 * Dovecot throws instead, so CI never passes by skipping the IMAP tests.
 */
export function dovecotUnavailable(): string | null {
  if (findDovecot()) return null;

  const reason =
    'dovecot is not installed; install it with `apt-get install -y dovecot-imapd` to run the IMAP tests';
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`skipping IMAP tests: ${reason}`);

  return reason;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function configOf(dir: string, port: number, asRoot: boolean): string {
  const owner = asRoot
    ? 'uid=mail gid=mail'
    : `uid=${process.getuid?.()} gid=${process.getgid?.()}`;
  const rootOnly = asRoot
    ? 'default_login_user = dovenull\ndefault_internal_user = dovecot\n'
    : `default_login_user = ${userInfo().username}\ndefault_internal_user = ${userInfo().username}\n`;

  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = crm-test-${port}
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
${rootOnly}first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = ${owner} home=${dir}/home/%u
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
`;
}

async function waitForPort(port: number, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`dovecot exited with code ${child.exitCode}:\n${log}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on port ${port} in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a private Dovecot IMAP server on a free loopback port, with its configuration, state
 * and maildir under a new temporary folder and one user with a plain password.
 */
export async function startDovecot(): Promise<TestDovecot> {
  const binary = findDovecot();
  if (!binary) throw new Error('dovecot is not installed');

  const dir = await mkdtemp(join(tmpdir(), 'crm-dovecot-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const user = { username: 'vanzari', password: 'imap-test-password' };
  for (const sub of ['run', 'state', 'mail', 'home']) await mkdir(join(dir, sub));
  await chmod(dir, 0o755);
  if (asRoot) {
    const [uid, gid] = ['mail', 'mail'].map((name, index) =>
      Number(execFileSync('id', [index === 0 ? '-u' : '-g', name], { encoding: 'utf8' }).trim()),
    );
    await chown(join(dir, 'mail'), uid!, gid!);
    await chown(join(dir, 'home'), uid!, gid!);
  }
  await writeFile(join(dir, 'users'), `${user.username}:{PLAIN}${user.password}\n`);
  await writeFile(join(dir, 'dovecot.conf'), configOf(dir, port, asRoot));

  const logPath = join(dir, 'dovecot.log');
  const child = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, child, logPath);

  return {
    host: '127.0.0.1',
    port,
    user,
    readLog: () => readFile(logPath, 'utf8').catch(() => ''),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
