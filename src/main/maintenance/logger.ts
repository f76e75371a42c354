import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Redactor } from './redact';

// The core's and the browser host's log: plain lines in <data folder>/logs/<name>.log, rotated by size
// (host.log → host.1.log → … → host.4.log), redacted before they are written. The Electron shell logs
// with electron-log into the same folder (electron-log's file transport needs Electron, this does not).

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export const LOGS_FOLDER = 'logs';

export function logsFolder(dataDir: string): string {
  return join(dataDir, LOGS_FOLDER);
}

export interface FileLoggerOptions {
  dir: string;
  /** File name without .log */
  name: string;
  /** Rotate when the file reaches this size (default 1 MB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 5). */
  maxFiles?: number;
  redactor?: Redactor;
  /** Also print (the browser host echoes errors to its terminal). */
  echo?: (level: LogLevel, line: string) => void;
  clock?: () => number;
}

/** One log line: time, level, message, then the data (redacted). */
export function formatLine(level: LogLevel, message: string, data: unknown, redactor: Redactor, at: number): string {
  const extra =
    data === undefined
      ? ''
      : ` ${typeof data === 'string' ? data : inspect(redactor.redactValue(data), { depth: 6, breakLength: Infinity })}`;
  return redactor.redact(`${new Date(at).toISOString()} [${level}] ${message}${extra}`).replace(/\r?\n/g, '\n    ');
}

export class RotatingFileLogger implements Logger {
  readonly file: string;
  readonly redactor: Redactor;
  private size: number;
  private readonly maxBytes: number;
  private readonly maxFiles: number;

  constructor(private readonly options: FileLoggerOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.file = join(options.dir, `${options.name}.log`);
    this.redactor = options.redactor ?? new Redactor();
    this.maxBytes = options.maxBytes ?? 1_000_000;
    this.maxFiles = Math.max(1, options.maxFiles ?? 5);
    this.size = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  private rotatedName(n: number) {
    return join(this.options.dir, `${this.options.name}.${n}.log`);
  }

  private rotate() {
    rmSync(this.rotatedName(this.maxFiles - 1), { force: true });
    for (let n = this.maxFiles - 2; n >= 1; n--)
      if (existsSync(this.rotatedName(n))) renameSync(this.rotatedName(n), this.rotatedName(n + 1));
    if (this.maxFiles > 1) renameSync(this.file, this.rotatedName(1));
    else rmSync(this.file, { force: true });
    this.size = 0;
  }

  private write(level: LogLevel, message: string, data?: unknown) {
    const line = formatLine(level, message, data, this.redactor, (this.options.clock ?? Date.now)()) + '\n';
    try {
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      appendFileSync(this.file, line);
      this.size += Buffer.byteLength(line);
    } catch {
      // A full disk must not take the workstation down with it.
    }
    this.options.echo?.(level, line.trimEnd());
  }

  info(message: string, data?: unknown) {
    this.write('info', message, data);
  }
  warn(message: string, data?: unknown) {
    this.write('warn', message, data);
  }
  error(message: string, data?: unknown) {
    this.write('error', message, data);
  }
}

/** For tests and the CLI: lines are kept (redacted) in memory. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  constructor(readonly redactor = new Redactor()) {}
  info(message: string, data?: unknown) {
    this.lines.push(formatLine('info', message, data, this.redactor, Date.now()));
  }
  warn(message: string, data?: unknown) {
    this.lines.push(formatLine('warn', message, data, this.redactor, Date.now()));
  }
  error(message: string, data?: unknown) {
    this.lines.push(formatLine('error', message, data, this.redactor, Date.now()));
  }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
