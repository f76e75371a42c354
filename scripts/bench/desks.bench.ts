// Many desks (issue "Many desks"): BENCH_DESKS (10) workstation cores, each in its own process with its own
// database, on one local backend, background sync and LiveQuery on, each desk signed in as its own member
// of staff (admins, coordinators, practitioners). Measured:
// - server requests per desk-hour while every desk is idle (BENCH_IDLE_MINUTES, 3) and while busy;
// - edit on one desk → visible on every other desk: each desk in turn, 1 operation a second per desk
//   (BENCH_BUSY_SECONDS, 60), rotating through what its role does at a showroom: move a stone, change a
//   quote, record a verification, scan (read only);
// - once work stops and every desk has pushed and synced once more: every desk's database equal.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type RunningBackend } from '../backend/spawn-dev';
import type { DeskCommand, DeskEdit, DeskReply, DeskStart, DeskWatch } from './desk-protocol';
import { seedShowroom, type Showroom } from './desks-seed';
import { percentile, round, type BenchRow } from './types';

const DESKS = Number(process.env.BENCH_DESKS ?? 10);
const IDLE_MINUTES = Number(process.env.BENCH_IDLE_MINUTES ?? 3);
const BUSY_SECONDS = Number(process.env.BENCH_BUSY_SECONDS ?? 60);
const STONES = Number(process.env.BENCH_DESK_STONES ?? 2000);
/** Operations a second at each desk while busy. */
const PACE = Number(process.env.BENCH_DESK_PACE ?? 1);
/** Today's client pulls every 60 s while LiveQuery is up: 60 requests per desk-hour. */
const ANCHOR_IDLE_PER_HOUR = 60;
/** An edit not seen everywhere by then counts as not seen. */
const SEEN_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Desk {
  private readonly waiting: {
    type: DeskReply['type'];
    resolve: (r: DeskReply) => void;
    reject: (e: Error) => void;
  }[] = [];
  onReply: (reply: DeskReply) => void = () => {};
  failure: Error | null = null;

  constructor(
    readonly index: number,
    readonly child: ChildProcess,
    readonly role: string,
  ) {
    child.on('message', (reply: DeskReply) => {
      if (reply.type === 'error') {
        this.failure = new Error(`desk ${index + 1}: ${reply.message}`);
        console.error(this.failure.message);
        // Whatever was asked of it will not come.
        for (const w of this.waiting.splice(0)) w.reject(this.failure);
        return;
      }
      const i = this.waiting.findIndex((w) => w.type === reply.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(reply);
      else this.onReply(reply);
    });
    child.on('exit', (code) => {
      if (code) this.failure ??= new Error(`desk ${index + 1} exited with ${code}`);
    });
  }

  send(cmd: DeskCommand) {
    this.child.send(cmd);
  }

  /** Sends a command and waits for its answer (or the desk's error). */
  ask<T extends DeskReply['type']>(cmd: DeskCommand, answer: T, timeoutMs = 300_000) {
    return new Promise<Extract<DeskReply, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`desk ${this.index + 1}: no ${answer} in time`)), timeoutMs);
      this.waiting.push({
        type: answer,
        resolve: (r: DeskReply) => {
          clearTimeout(timer);
          resolve(r as Extract<DeskReply, { type: T }>);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send(cmd);
    });
  }
}

async function counts(desks: Desk[]) {
  return Promise.all(desks.map((d) => d.ask({ type: 'counts' }, 'counts')));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export async function run(): Promise<BenchRow[]> {
  const temp = mkdtempSync(join(tmpdir(), 'loupe-bench-desks-'));
  let backend: RunningBackend | undefined;
  const desks: Desk[] = [];
  const rows: BenchRow[] = [];
  const suite = `desks: ${DESKS} workstations, one local backend, LiveQuery up, ${STONES.toLocaleString('en')} stones`;
  try {
    backend = await startBackend();
    const started = performance.now();
    const showroom: Showroom = await seedShowroom(backend, join(temp, 'seed'), DESKS, STONES);
    console.error(
      `  seeded ${STONES} stones, ${showroom.inquiries.flat().length} inquiries in ${Math.round(performance.now() - started)} ms`,
    );

    // ── the desks, first-synced
    const begun = performance.now();
    for (let i = 0; i < DESKS; i++) {
      const child = fork(join(__dirname, 'desk-child.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      desks.push(new Desk(i, child, showroom.staff[i]!.role));
    }
    // Two at a time: ten first downloads at once on a small machine would time each other out.
    const ready: number[] = [];
    for (let i = 0; i < DESKS; i += 2) {
      await Promise.all(
        desks.slice(i, i + 2).map(async (d) => {
          const start: DeskStart = {
            type: 'start',
            desk: d.index + 1,
            dataDir: join(temp, `desk-${d.index + 1}`),
            backend: {
              serverURL: backend!.serverURL,
              liveQueryURL: backend!.liveQueryURL,
              appId: backend!.appId,
              clientKey: backend!.javascriptKey,
            },
            connector: backend!.admin,
            user: showroom.staff[d.index]!,
            mustHave: showroom.stones.filter((_, k) => k % 97 === 0).map((s) => s.id),
          };
          ready[d.index] = (await d.ask(start, 'ready')).stones;
        }),
      );
    }
    console.error(
      `  ${DESKS} desks first-synced (${ready.join(', ')} stones) in ${Math.round(performance.now() - begun)} ms`,
    );

    // ── idle: every desk up, nothing happening
    await sleep(10_000); // the first sync's follow-up pulls end
    const idleFrom = await counts(desks);
    const idleStart = performance.now();
    await sleep(IDLE_MINUTES * 60_000);
    const idleTo = await counts(desks);
    const idleHours = (performance.now() - idleStart) / 3_600_000;
    const idleRequests = sum(idleTo.map((c, i) => c.requests - idleFrom[i]!.requests));
    const idleConnects = sum(idleTo.map((c, i) => c.liveConnects - idleFrom[i]!.liveConnects));
    const idlePerDeskHour = idleRequests / DESKS / idleHours;
    const idleLive = idleTo.filter((c) => c.live).length;
    console.error(
      `  idle ${IDLE_MINUTES} min: ${idleRequests} requests from ${DESKS} desks (${idlePerDeskHour.toFixed(1)} per desk-hour), ${idleConnects} LiveQuery connects, ${idleLive}/${DESKS} live`,
    );
    // None seen: all one can say is fewer than one request in the whole window.
    const idleBound = 1 / DESKS / idleHours;
    rows.push({
      suite,
      metric: `idle requests per desk-hour, LiveQuery up (measured over ${IDLE_MINUTES} min × ${DESKS} desks)`,
      value: round(idlePerDeskHour, 1),
      unit: 'req/desk-h',
      anchor: ANCHOR_IDLE_PER_HOUR,
      ratio:
        idleRequests > 0
          ? round(ANCHOR_IDLE_PER_HOUR / idlePerDeskHour, 1)
          : `> ${round(ANCHOR_IDLE_PER_HOUR / idleBound, 1)}`,
      goal: '≤ 4/h, ≥ 15× fewer',
    });
    rows.push({
      suite,
      metric: 'LiveQuery connects while idle (all desks; each desk also keeps its socket open)',
      value: idleConnects,
      unit: 'connects',
      goal: `desks live at the end: ${idleLive} / ${DESKS}`,
    });

    // ── busy: each desk in turn, PACE operations a second per desk
    const edits = new Map<
      number,
      { desk: number; kind: string; startedAt: number | null; seen: Map<number, number> }
    >();
    const scanMs: number[] = [];
    const editMs: number[] = [];
    for (const d of desks) {
      d.onReply = (reply) => {
        if (reply.type === 'edited') {
          const e = edits.get(reply.edit)!;
          e.startedAt = reply.startedAt;
          (e.kind === 'scan' ? scanMs : editMs).push(reply.doneAt - reply.startedAt);
        }
        if (reply.type === 'seen') edits.get(reply.edit)?.seen.set(d.index, reply.at);
      };
    }
    const plan = showroom.plan;
    const busyFrom = await counts(desks);
    const busyStart = performance.now();
    const tickMs = 1000 / (PACE * DESKS);
    const ticks = Math.floor((BUSY_SECONDS * 1000) / tickMs);
    for (let t = 0; t < ticks; t++) {
      const at = busyStart + t * tickMs;
      await sleep(Math.max(0, at - performance.now()));
      const desk = desks[t % DESKS]!;
      if (desk.failure) throw desk.failure;
      const edit: DeskEdit = plan(desk.index, Math.floor(t / DESKS), t + 1);
      edits.set(edit.id, { desk: desk.index, kind: edit.kind, startedAt: null, seen: new Map() });
      if (edit.kind !== 'scan') {
        const watch: DeskWatch =
          edit.kind === 'quote'
            ? { id: edit.id, kind: 'quote', inquiry: edit.inquiry, quotedMinor: Math.round(edit.quotedPrice * 100) }
            : edit.kind === 'move'
              ? { id: edit.id, kind: 'move', stone: edit.stone, toLocation: edit.toLocation, marker: edit.marker }
              : { id: edit.id, kind: 'verify', stone: edit.stone, marker: edit.marker };
        for (const other of desks) if (other !== desk) other.send({ type: 'watch', watch });
      }
      desk.send({ type: 'edit', edit });
    }
    const busyEnd = performance.now();
    const busyTo = await counts(desks);
    const load = loadavg()[0]!;
    // Every operation sent has run at its desk (a desk short of CPU may still be working through them).
    const doneBy = performance.now() + SEEN_TIMEOUT_MS;
    while (performance.now() < doneBy && [...edits.values()].some((e) => e.startedAt === null)) await sleep(200);
    // Everything sent is seen everywhere, or the wait runs out.
    const changing = [...edits.values()].filter((e) => e.kind !== 'scan');
    const waitUntil = performance.now() + SEEN_TIMEOUT_MS;
    while (performance.now() < waitUntil && changing.some((e) => e.seen.size < DESKS - 1 || e.startedAt === null))
      await sleep(200);

    const allSeen: number[] = [];
    const pairs: number[] = [];
    const byDesk: number[][] = desks.map(() => []);
    let unseen = 0;
    for (const e of changing) {
      if (e.startedAt === null || e.seen.size < DESKS - 1) {
        unseen++;
        continue;
      }
      const times = [...e.seen.entries()].map(([d, at]) => ({ d, ms: Math.max(0, at - e.startedAt!) }));
      allSeen.push(Math.max(...times.map((x) => x.ms)));
      for (const x of times) {
        pairs.push(x.ms);
        byDesk[x.d]!.push(x.ms);
      }
    }
    const busyHours = (busyEnd - busyStart) / 3_600_000;
    const busyRequests = sum(busyTo.map((c, i) => c.requests - busyFrom[i]!.requests));
    console.error(
      `  busy ${BUSY_SECONDS} s: ${ticks} operations (${changing.length} edits), ${busyRequests} requests, ${unseen} edits not seen everywhere within ${SEEN_TIMEOUT_MS / 1000} s`,
    );
    desks.forEach((d, i) =>
      console.error(
        `    desk ${i + 1} (${d.role}): edits of others visible here p50 ${percentile(byDesk[i]!, 50).toFixed(0)} ms, p95 ${percentile(byDesk[i]!, 95).toFixed(0)} ms`,
      ),
    );
    const busySuite = `${suite}; busy: ${DESKS} desks × ${PACE} operation/s for ${BUSY_SECONDS} s`;
    rows.push(
      {
        suite: busySuite,
        metric: `edit → visible on all ${DESKS - 1} other desks, p50`,
        value: percentile(allSeen, 50),
        unit: 'ms',
      },
      {
        suite: busySuite,
        metric: `edit → visible on all ${DESKS - 1} other desks, p95`,
        value: percentile(allSeen, 95),
        unit: 'ms',
        goal: '< 1 s',
      },
      {
        suite: busySuite,
        metric: 'edit → visible on one other desk (every pair), p50',
        value: percentile(pairs, 50),
        unit: 'ms',
      },
      {
        suite: busySuite,
        metric: 'edit → visible on one other desk (every pair), p95',
        value: percentile(pairs, 95),
        unit: 'ms',
      },
      {
        suite: busySuite,
        metric: 'p95 at the slowest receiving desk (each desk: stderr)',
        value: Math.max(...byDesk.map((xs) => percentile(xs, 95))),
        unit: 'ms',
      },
      {
        suite: busySuite,
        metric: `edits not seen on every other desk within ${SEEN_TIMEOUT_MS / 1000} s`,
        value: unseen,
        unit: `of ${changing.length}`,
        goal: '0',
        ...(unseen > 0 ? { failed: true } : {}),
      },
      {
        suite: busySuite,
        metric: 'an edit at its own desk (move, quote, verification), p95',
        value: percentile(editMs, 95),
        unit: 'ms',
      },
      { suite: busySuite, metric: 'a scan at its desk (read only), p95', value: percentile(scanMs, 95), unit: 'ms' },
      {
        suite: busySuite,
        metric: `this machine's load average (1 min) as the busy minute ended, on ${cpus().length} cores`,
        value: round(load, 1),
        unit: '',
      },
      {
        suite: busySuite,
        metric: 'requests per desk-hour while busy',
        value: Math.round(busyRequests / DESKS / busyHours),
        unit: 'req/desk-h',
      },
    );

    // ── convergence: every desk pushes what it has, then every desk syncs once more, then compare
    const drained = await Promise.all(desks.map((d) => d.ask({ type: 'drain' }, 'drained')));
    await sleep(6000); // past the pull's overlap window, so the final pull is an ordinary one
    const synced = await Promise.all(desks.map((d) => d.ask({ type: 'final-sync' }, 'synced')));
    const compare = async () => {
      const digests = await Promise.all(desks.map((d) => d.ask({ type: 'digest' }, 'digest')));
      const key = (t: (typeof digests)[number]) => JSON.stringify(t.tables);
      const tally = new Map<string, number>();
      for (const d of digests) tally.set(key(d), (tally.get(key(d)) ?? 0) + 1);
      return { digests, agreeing: Math.max(...tally.values()), equal: tally.size === 1 };
    };
    const { digests, agreeing, equal } = await compare();
    if (!equal) {
      const reference = digests[0]!.tables;
      digests.forEach((d, i) => {
        const differing = Object.keys(d.tables).filter((t) => d.tables[t]!.hash !== reference[t]?.hash);
        if (differing.length)
          console.error(
            `    desk ${i + 1} differs from desk 1 in: ${differing.map((t) => `${t} (${d.tables[t]!.rows} vs ${reference[t]?.rows} rows)`).join(', ')}`,
          );
      });
    }
    console.error(
      `  convergence: pending after drain ${drained.map((d) => d.pending).join(',')}; final sync ok ${synced.filter((s) => s.ok).length}/${DESKS}; open dead letters ${sum(synced.map((s) => s.deadLetters))}; ${agreeing}/${DESKS} databases agree`,
    );
    if (!equal) {
      // For whoever looks into it: records late to arrive, or records one desk will never get?
      await Promise.all(desks.map((d) => d.ask({ type: 'final-sync' }, 'synced')));
      const again = await compare();
      console.error(`  after one more sync on every desk: ${again.agreeing}/${DESKS} databases agree`);
    }
    rows.push({
      suite,
      metric: `databases equal once work stops (replicated tables, ${Object.values(digests[0]!.tables)
        .reduce((a, t) => a + t.rows, 0)
        .toLocaleString('en')} rows): ${equal ? DESKS : agreeing} / ${DESKS}`,
      value: equal ? 1 : 0,
      unit: '1 = equal',
      goal: `${DESKS} / ${DESKS}`,
      ...(equal ? {} : { failed: true }),
    });
    return rows;
  } finally {
    await Promise.all(
      desks.map(async (d) => {
        if (d.child.exitCode !== null) return;
        await d.ask({ type: 'stop' }, 'stopped', 30_000).catch(() => undefined);
        d.child.kill();
      }),
    );
    await backend?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}
