// The product's API over HTTP (a child process, `npm run server` on the embedded defaults):
// signed requests alone and 10 at a time beside plain bpmn-engine's start, the work queue's list
// and claim while a colleague completes tasks at 10 engine commands a second, and the product's
// resident memory at 0 and more cases (right after they were opened, and at rest); the queue and
// memory with the database in-process and in its own process (`npm run db`), and the memory the
// embedded server needs to hold the cases' data.
// The cases are opened by signed requests over HTTP, so the full memory figures (10 000 cases,
// twice) take the better part of an hour.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { makeNationalId } from '../forms/national-id.js';
import { formsByKey } from '../forms/index.js';
import { requestForm } from '../forms/request.js';
import type { TaskListAnswer } from '../contract/tasks.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';
import { findFreePort } from '../server/embedded/process.js';
import { fictionalUsers } from '../server/users/fictional.js';
import { besides, p50, percentile, quick, ratio } from './figures.js';
import { rawEngine } from './raw-engine.js';
import { startDatabase, startScript, type ScriptProcess } from './scripts.js';

const userNamed = (name: string) => fictionalUsers.find((user) => user.name === name)!.id;
const rawRuns = quick ? 5 : 20;
const requestsAlone = quick ? 10 : 40;
const requestsTogether = quick ? 30 : 100;
const queueRuns = quick ? 30 : 200;
/** BENCH_MEMORY_CASES: the case counts resident memory is read at (default 300,2000,10000); the first is the warm reading. */
const memoryCases = (process.env.BENCH_MEMORY_CASES ?? (quick ? '100,300' : '300,2000,10000')).split(',').map(Number);
/** BENCH_REST_SECONDS: how long the processes are left idle at each count before their memory at rest is read. */
const restSeconds = Number(process.env.BENCH_REST_SECONDS ?? (quick ? 10 : 120));

interface Product extends ScriptProcess {
  readonly baseUrl: string;
}

async function startProduct(dataDir: string, env: Record<string, string> = {}): Promise<Product> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The API process alone (npm run server), as in production: the letters its requests queue are
  // written by worker processes elsewhere, not on this event loop (here they wait in Redis).
  const child = await startScript('server', ['server/main.ts', '--api-only'], { PORT: String(port), DATA_DIR: dataDir, ...env }, async () => (await fetch(`${baseUrl}/readyz`)).ok);
  return { ...child, baseUrl };
}

/** Resident memory of a process, from /proc (Linux). */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

let address = 0;
/** Every citizen comes from an address of their own, as behind the municipality's proxy (TRUST_PROXY=loopback). */
const nextAddress = () => {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
};

interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly address: string;
}

async function session(baseUrl: string, signInAs?: string): Promise<Session> {
  const address = nextAddress();
  const first = await fetch(`${baseUrl}/api/auth/session`, { headers: { 'X-Forwarded-For': address } });
  let cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  let { csrfToken } = (await first.json()) as { csrfToken: string };
  if (signInAs) {
    const signedIn = await fetch(`${baseUrl}/api/auth/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken, 'X-Forwarded-For': address },
      body: JSON.stringify({ userId: signInAs }),
    });
    if (!signedIn.ok) throw new Error(`sign-in: ${signedIn.status} ${await signedIn.text()}`);
    cookie = (signedIn.headers.get('set-cookie') ?? cookie).split(';')[0]!;
    ({ csrfToken } = (await signedIn.json()) as { csrfToken: string });
  }
  return { cookie, csrf: csrfToken, address };
}

/** Cases opened per product (by base URL). */
const created = new Map<string, number>();

let people = 0;
/** The form's example for a person of their own (a new identity number each time), as many citizens would send. */
function nextRequestBody(): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + people++ * 86_400_000).toISOString().slice(0, 10);
  const example = requestForm.example as { person: Record<string, unknown> };
  return JSON.stringify({ ...example, person: { ...example.person, nationalId: makeNationalId(birth, { synthetic: true }) } });
}

/** One citizen's signed request (POST /api/requests), timed from sending to the answer. */
async function signedRequest(baseUrl: string): Promise<number> {
  const citizen = await session(baseUrl);
  const body = nextRequestBody();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: citizen.cookie, 'X-CSRF-Token': citizen.csrf, 'X-Forwarded-For': citizen.address, 'Idempotency-Key': randomUUID() },
    body,
  });
  const answer = await response.text();
  if (response.status !== 201 && response.status !== 200) throw new Error(`signed request: ${response.status} ${answer}`);
  created.set(baseUrl, (created.get(baseUrl) ?? 0) + 1);
  return performance.now() - started;
}

interface Requests {
  readonly ms: number[];
  /** Time taken by all of them. */
  seconds: number;
  readonly refused: string[];
}

const perSecond = (requests: Requests) => requests.ms.length / requests.seconds;

/** `count` signed requests, `atOnce` at a time; a refused one (e.g. 503 past the API's answer deadline) is counted, not timed. */
async function requestsAt(baseUrl: string, count: number, atOnce: number): Promise<Requests> {
  const ms: number[] = [];
  const refused: string[] = [];
  let left = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (left-- > 0) {
        await signedRequest(baseUrl).then(
          (took) => ms.push(took),
          (error: unknown) => refused.push((error as Error).message.slice(0, 60)),
        );
      }
    }),
  );
  return { ms, seconds: (performance.now() - started) / 1000, refused };
}

/**
 * The raw start, signed requests alone and 10 at a time, in turns: on a machine whose speed drifts
 * (its other work, a neighbour's load) the reference and the product move together, and each ratio
 * compares figures taken within the same few minutes.
 */
async function requestRounds(baseUrl: string): Promise<{ raw: number[]; one: Requests; ten: Requests }> {
  const rounds = quick ? 1 : 4;
  const raw: number[] = [];
  const one: Requests = { ms: [], seconds: 0, refused: [] };
  const ten: Requests = { ms: [], seconds: 0, refused: [] };
  const add = (into: Requests, round: Requests): void => {
    into.ms.push(...round.ms);
    into.refused.push(...round.refused);
    into.seconds += round.seconds;
  };
  await rawEngine(0);
  for (let round = 0; round < rounds; round++) {
    raw.push(...(await rawEngine(Math.ceil(rawRuns / rounds), 0)).start);
    add(one, await requestsAt(baseUrl, Math.ceil(requestsAlone / rounds), 1));
    add(ten, await requestsAt(baseUrl, Math.ceil(requestsTogether / rounds), 10));
  }
  return { raw, one, ten };
}

const refusedNote = (refused: readonly string[]) => (refused.length > 0 ? `; ${refused.length} refused (${refused[0]})` : '');

/**
 * The first requests wait for the engine's threads to load and compile: not measured (as many as
 * the raw reference's warm-up), and retried while the product answers 503.
 */
async function warmUp(baseUrl: string): Promise<void> {
  for (let done = 0, tries = 0; done < 10; tries++) {
    try {
      await signedRequest(baseUrl);
      done++;
    } catch (error) {
      if (tries > 30) throw error;
    }
  }
}

/** Opens cases until the product has `want`; returns how many it has. */
async function fillTo(baseUrl: string, want: number): Promise<number> {
  const have = created.get(baseUrl) ?? 0;
  if (want > have) await requestsAt(baseUrl, want - have, 10);
  return created.get(baseUrl) ?? 0;
}

/** What a KE case worker decides in the need assessment (the form's own example). */
const assessment = formsByKey['need-assessment'].example;

/**
 * The work queue of one KE case worker (list 25 a page, claim the first) while a colleague completes
 * need assessments at 10 a second: each completion an engine command (load, step, save, next task).
 */
async function queueUnderLoad(baseUrl: string): Promise<{ lists: number[]; claims: number[]; commandsPerSecond: number; failed: string[] }> {
  const [worker, colleague] = await Promise.all([session(baseUrl, userNamed('Per Hansen')), session(baseUrl, userNamed('Liv Berg'))]);
  const headersOf = (who: Session) => ({ Cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'X-Forwarded-For': who.address, 'Content-Type': 'application/json' });
  const taken = new Set<string>();
  const failed: string[] = [];
  let completed = 0;
  // The colleague works down a page of the queue from its end, listing again when it is used up.
  let ahead: string[] = [];
  const nextTask = async () => {
    ahead = ahead.filter((id) => !taken.has(id));
    if (ahead.length === 0) {
      const page = (await (await fetch(`${baseUrl}/api/tasks?view=available&formKey=need-assessment&pageSize=100`, { headers: headersOf(colleague) })).json()) as TaskListAnswer;
      ahead = page.tasks.filter((item) => !taken.has(item.id)).map((item) => item.id).reverse();
      if (ahead.length === 0) throw new Error(`no need assessment left to complete (${page.total} available, all taken)`);
    }
    const id = ahead.shift()!;
    taken.add(id);
    return id;
  };
  const completeOne = async () => {
    const task = { id: await nextTask() };
    const claimed = await fetch(`${baseUrl}/api/tasks/${task.id}/claim`, { method: 'POST', headers: headersOf(colleague) });
    await claimed.text();
    if (!claimed.ok) return; // the case worker in front took it first
    const done = await fetch(`${baseUrl}/api/tasks/${task.id}/complete`, { method: 'POST', headers: headersOf(colleague), body: JSON.stringify({ data: assessment }) });
    const answer = await done.text();
    if (!done.ok) throw new Error(`complete: ${done.status} ${answer.slice(0, 200)}`);
    completed++;
  };
  let running = true;
  const started = performance.now();
  const background = (async () => {
    const inFlight = new Set<Promise<unknown>>();
    while (running) {
      const one = completeOne()
        .catch((error: unknown) => failed.push((error as Error).message))
        .finally(() => inFlight.delete(one));
      inFlight.add(one);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(inFlight);
  })();
  const lists: number[] = [];
  const claims: number[] = [];
  try {
    for (let i = 0; i < queueRuns; i++) {
      let at = performance.now();
      const listed = await fetch(`${baseUrl}/api/tasks?view=available&pageSize=25`, { headers: headersOf(worker) });
      const page = (await listed.json()) as TaskListAnswer;
      lists.push(performance.now() - at);
      const task = page.tasks?.find((item) => !taken.has(item.id));
      if (!listed.ok || !task) throw new Error(`work queue: ${listed.status} ${JSON.stringify(page).slice(0, 300)}`);
      taken.add(task.id);
      at = performance.now();
      const claimed = await fetch(`${baseUrl}/api/tasks/${task.id}/claim`, { method: 'POST', headers: headersOf(worker) });
      await claimed.text();
      claims.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    running = false;
    await background;
  }
  return { lists, claims, commandsPerSecond: completed / ((performance.now() - started) / 1000), failed };
}

function printQueue(where: string, figures: Awaited<ReturnType<typeof queueUnderLoad>>): void {
  console.log(`work queue of a KE case worker, database ${where}, while a colleague completes ${figures.commandsPerSecond.toFixed(1)} need assessments/s (engine commands) (${queueRuns} each):`);
  console.log(`  list (GET /api/tasks, 25 a page): p50 ${p50(figures.lists).toFixed(1)} ms, p99 ${percentile(figures.lists, 99).toFixed(1)} ms`);
  console.log(`  claim (POST /api/tasks/:id/claim): p50 ${p50(figures.claims).toFixed(1)} ms, p99 ${percentile(figures.claims, 99).toFixed(1)} ms`);
  if (figures.failed.length > 0) console.log(`  (${figures.failed.length} background completions failed, e.g. ${figures.failed[0]})`);
}

interface MemoryReading {
  readonly cases: number;
  /** Resident sizes (MB) right after the cases were opened, and at rest. */
  readonly product: { readonly now: number; readonly atRest: number };
  readonly database?: { readonly now: number; readonly atRest: number };
}

/**
 * The resident size of the product (and of the database process) right after the cases were opened,
 * and at rest: the lowest within `restSeconds` of no requests. After a burst V8 keeps the heaps it grew
 * for it until its allocation has been quiet for a while, then gives them back; what stays is what the
 * process holds.
 */
async function readMemory(cases: number, product: number, database?: number): Promise<MemoryReading> {
  const now = { product: residentMb(product), database: database === undefined ? 0 : residentMb(database) };
  const atRest = { ...now };
  for (let second = 0; second < restSeconds; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    atRest.product = Math.min(atRest.product, residentMb(product));
    if (database !== undefined) atRest.database = Math.min(atRest.database, residentMb(database));
  }
  return {
    cases,
    product: { now: now.product, atRest: atRest.product },
    ...(database === undefined ? {} : { database: { now: now.database, atRest: atRest.database } }),
  };
}

/** Resident memory at each case count, and how much it grew from 0 cases and from the first (warm) count, right after and at rest. */
function memoryLines(where: string, readings: MemoryReading[]): string[] {
  const [cold, warm] = readings;
  const last = readings.at(-1)!;
  const mb = (size: { now: number; atRest: number }) => `${size.now.toFixed(0)} MB (at rest ${size.atRest.toFixed(0)} MB)`;
  const lines = readings.map((r) => `  database ${where}: ${r.cases} cases: product ${mb(r.product)}${r.database === undefined ? '' : `, database ${mb(r.database)}`}`);
  if (cold && warm && last !== warm) {
    const grew = (from: MemoryReading, key: 'now' | 'atRest') => (last.product[key] - from.product[key]).toFixed(0);
    lines.push(`    product grew ${grew(cold, 'now')} MB from 0 to ${last.cases} cases, ${grew(warm, 'now')} MB from ${warm.cases} (warm) to ${last.cases}`);
    lines.push(`    at rest: ${grew(cold, 'atRest')} MB from 0 to ${last.cases} cases, ${grew(warm, 'atRest')} MB from ${warm.cases} (warm) to ${last.cases}`);
  }
  return lines;
}

export async function benchHttp(): Promise<void> {
  const [firstCount = 100, ...moreCounts] = memoryCases;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-http-'));
  const product = await startProduct(dataDir);
  const pid = product.process.pid!;
  const { baseUrl } = product;
  const memory: string[] = [];
  try {
    const inProcess = [await readMemory(0, pid)];
    await warmUp(baseUrl);
    const { raw, one, ten } = await requestRounds(baseUrl);
    console.log('signed request over HTTP (POST /api/requests: a case and its process started), beside plain bpmn-engine (in turns):');
    console.log(besides('1 at a time', one.ms, 'raw start → first wait → getState', raw));
    console.log(`    p99 ${percentile(one.ms, 99).toFixed(0)} ms, ${perSecond(one).toFixed(1)} requests/s${refusedNote(one.refused)}`);
    console.log(`  10 at a time: p50 ${p50(ten.ms).toFixed(0)} ms, p99 ${percentile(ten.ms, 99).toFixed(0)} ms, ${perSecond(ten).toFixed(1)} requests/s (${ratio(perSecond(ten), perSecond(one))} the rate at 1 at a time)${refusedNote(ten.refused)}`);

    // The first count leaves enough open need assessments for the work queue figures.
    inProcess.push(await readMemory(await fillTo(baseUrl, firstCount), pid));
    printQueue('in-process', await queueUnderLoad(baseUrl));
    for (const want of moreCounts) inProcess.push(await readMemory(await fillTo(baseUrl, want), pid));
    memory.push(...memoryLines('in-process (embedded defaults)', inProcess));
  } catch (error) {
    console.error(product.output().slice(-3000));
    throw error;
  } finally {
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const ownDir = await mkdtemp(path.join(os.tmpdir(), 'bench-http-db-'));
  const database = await startDatabase(ownDir, 'individuell-plan');
  const apart = await startProduct(path.join(ownDir, 'product'), { MONGODB_URI: database.uri });
  try {
    const read = (cases: number) => readMemory(cases, apart.process.pid!, database.child.process.pid!);
    const ownProcess = [await read(0)];
    await warmUp(apart.baseUrl);
    ownProcess.push(await read(await fillTo(apart.baseUrl, firstCount)));
    printQueue('in its own process', await queueUnderLoad(apart.baseUrl));
    for (const want of moreCounts) ownProcess.push(await read(await fillTo(apart.baseUrl, want)));
    memory.push(...memoryLines('in its own process (npm run db, MONGODB_URI)', ownProcess));
  } catch (error) {
    console.error(apart.output().slice(-3000));
    throw error;
  } finally {
    await apart.stop();
    await database.child.stop();
  }
  try {
    const cases = memoryCases.at(-1)!;
    const held = await memoryToHold(path.join(ownDir, 'mongo'));
    memory.push(`  the embedded server holds the ${cases} cases' data in ${(held / 2 ** 20).toFixed(1)} MB (${(held / 1024 / cases).toFixed(1)} KB a case; heap and buffers after collection, its data folder loaded in this process)`);
  } finally {
    await rm(ownDir, { recursive: true, force: true });
  }
  console.log(`resident memory (BENCH_MEMORY_CASES=${memoryCases.join(',')}; the first count is the warm reading; at rest: the lowest in ${restSeconds} s without requests, BENCH_REST_SECONDS):`);
  for (const line of memory) console.log(line);
}

/** The memory the embedded server keeps for a data folder: heap and buffers after a full collection, with and without it loaded. */
async function memoryToHold(dataDir: string): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const used = async (): Promise<number> => {
    // Buffers are freed after their collection, a moment later: collect until that has happened.
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const before = await used();
  const server = await startEmbeddedMongo({ dataDir });
  try {
    return (await used()) - before;
  } finally {
    await server.close();
  }
}
