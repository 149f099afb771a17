import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('embedded-postgres');

/** Time a fast shutdown may take before the server receives SIGQUIT to stop immediately. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs the server (`$0 "$@"`) and stops it with SIGINT once standard input closes, which happens
 * when this Node.js process stops it or exits for any reason, SIGKILL included, so no server is
 * left running. The watcher reads a copy of standard input (descriptor 3) because a shell gives
 * background commands /dev/null as input. The shell exits with the server's status.
 * NOTE: this needs a POSIX shell, so the embedded server does not start on Windows.
 */
const WATCHER_SCRIPT = `exec 3<&0
"$0" "$@" </dev/null 3<&- &
server=$!
(cat <&3 >/dev/null; kill -INT "$server" 2>/dev/null) &
exec 3<&-
wait "$server"`;

export interface PostgresProcess {
  /** Process id of the shell that runs and watches the server, the leader of its group. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL server binary from the `embedded-postgres` platform package, detached
 * in a new session so that Ctrl-C in a terminal reaches only this process, which stops the
 * server last. Resolves once the server accepts connections.
 */
export async function spawnPostgres(databaseDir: string, port: number): Promise<PostgresProcess> {
  const server = [await serverBinary(), '-D', databaseDir, '-p', String(port)];
  const settings = ['-c', 'listen_addresses=127.0.0.1'];
  const child = spawn('sh', ['-c', WATCHER_SCRIPT, ...server, ...settings], {
    ...(await serverOwner()),
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });

  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-4000);
    log.debug({ message: text.trim() }, 'postgres output');
  });
  await new Promise<void>((ready, fail) => {
    const onData = () => {
      if (!output.includes('database system is ready to accept connections')) return;
      child.off('exit', onExit);
      child.stderr?.off('data', onData);
      ready();
    };
    const onExit = (code: number | null) =>
      fail(new Error(`embedded PostgreSQL exited during start with code ${code}:\n${output}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });

  return { pid: child.pid, stop: () => stopPostgres(child) };
}

/**
 * Stops the server with a fast shutdown (SIGINT: open transactions are rolled back, then a
 * checkpoint), escalating to an immediate shutdown (SIGQUIT) after `STOP_TIMEOUT_MS`.
 */
async function stopPostgres(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = once(child, 'exit');
  child.stdin?.end();
  const timer = setTimeout(() => {
    log.warn({ processGroup: child.pid }, 'PostgreSQL did not stop in time; stopping it now');
    if (child.pid) process.kill(-child.pid, 'SIGQUIT');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  log.info({ processGroup: child.pid }, 'embedded PostgreSQL stopped');
}

/** Path of the server binary in the platform package that `embedded-postgres` installs. */
async function serverBinary(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as {
    postgres: string;
  };

  return binaries.postgres;
}

/** Returns the uid and gid of the `postgres` system user when running as root, else nothing. */
async function serverOwner(): Promise<{ uid: number; gid: number } | object> {
  if (process.getuid?.() !== 0) return {};

  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);

  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
