import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  origin: string;
  output: () => string;
  stop(): Promise<void>;
}

const HOST_SCRIPT = join(__dirname, '../../out/main/host.js');

/** Starts the built browser host on a data dir, as `npm run serve` does, and waits for its address. */
export function startHost(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningHost> {
  const child: ChildProcess = spawn(process.execPath, [HOST_SCRIPT], {
    env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOUPE_PORT: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Loupe is ready at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        resolve({
          url,
          origin: new URL(url).origin,
          output: () => output,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
}
