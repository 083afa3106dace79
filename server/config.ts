import os from 'node:os';
import path from 'node:path';
import { durationMs } from './definitions/iso.js';
import { defaultDefinitionLimits, timerFloorMs, type DefinitionLimits } from './definitions/limits.js';

/**
 * The product's configuration, read once from the environment and validated. A wrong value stops
 * the program with a message naming the variable (see ConfigError); nothing else reads process.env.
 */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Unset: the embedded MongoDB-compatible server runs in-process with its data in dataDir/mongo. */
  readonly mongodbUri: string | undefined;
  /** Port of the embedded MongoDB-compatible server; 0 picks a free one. */
  readonly mongoPort: number;
  /** Unset: redis-server from the PATH is started with its data in dataDir/redis. */
  readonly redisUrl: string | undefined;
  /** Port of the embedded redis-server; 0 picks a free one. */
  readonly redisPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly municipalityName: string;
  readonly workerConcurrency: number;
  /** Reminders one worker process fires at once: they wait on MongoDB, and those in progress share one query per lookup. */
  readonly reminderConcurrency: number;
  /** Worker threads each process runs engine steps in (0: on the event loop itself). */
  readonly engineThreads: number;
  /** Live engines each of those threads keeps, so that the next command on an instance skips the recover (about 5 MB each). */
  readonly engineLiveEngines: number;
  /** How long an engine thread keeps a live engine unused (ENGINE_LIVE_ENGINE_IDLE). */
  readonly engineLiveEngineIdleMs: number;
  /** The most heap (old generation, MB) each engine thread may use; a thread past it is ended and started again. */
  readonly engineThreadMemoryMb: number;
  /** The young generation of each engine thread (MB); 0 leaves it to V8 (48 MB). */
  readonly engineThreadYoungMb: number;
  readonly shutdownTimeoutMs: number;
  /** Express `trust proxy`: which proxies may tell the client's address (X-Forwarded-For). */
  readonly trustProxy: boolean | number | string;
  /** What a BPMN file in processes/ may ask of the product (timers, size). */
  readonly definitionLimits: DefinitionLimits;
  /** A version deployed in the browser is also written to processes/ (default: only in development). */
  readonly processFilesWritable: boolean;
  /** Messages of one kind (template) one case gets per day at most, whatever its process asks for. */
  readonly caseMessagesPerDay: number;
  /** How often the reminder worker schedules the reminders of new tasks, timers and meetings. */
  readonly reminderScanIntervalMs: number;
  /** Notifications: unset SMTP_URL keeps every message in the outbox (read in the app) and logs it. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** The origin links in notifications point at (PUBLIC_URL; the sign-in settings check it further). */
  readonly publicUrl: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  return value;
}

function optionalText(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = optionalText(env, name);
  if (raw === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** `false`, a number of proxy hops, or addresses/subnets/names Express knows (loopback, uniquelocal, …). */
function trustProxy(env: Env): boolean | number | string {
  const raw = text(env, 'TRUST_PROXY', 'loopback');
  if (raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entry = /^(loopback|linklocal|uniquelocal|[0-9a-f:.]+(\/\d{1,3})?)$/i;
  if (!raw.split(',').every((part) => entry.test(part.trim()))) {
    throw new ConfigError('TRUST_PROXY', `must be false, a number of proxies, or a comma-separated list of addresses, subnets, loopback, linklocal or uniquelocal (got "${raw}")`);
  }
  return raw;
}

/** An ISO 8601 duration of at least `minMs`, in ms. */
function interval(env: Env, name: string, fallbackMs: number, minMs: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallbackMs;
  const ms = durationMs(raw);
  if (ms === undefined || ms < minMs) {
    throw new ConfigError(name, `must be an ISO 8601 duration of at least ${minMs / 1000} s, e.g. PT1H (got "${raw}")`);
  }
  return ms;
}

function definitionLimits(env: Env): DefinitionLimits {
  const minTimerMs = interval(env, 'PROCESS_TIMER_MIN_INTERVAL', defaultDefinitionLimits.minTimerMs, timerFloorMs);
  return {
    minTimerMs,
    minMessageTimerMs: interval(env, 'PROCESS_MESSAGE_TIMER_MIN_INTERVAL', Math.max(defaultDefinitionLimits.minMessageTimerMs, minTimerMs), minTimerMs),
    maxRepetitions: integer(env, 'PROCESS_TIMER_MAX_REPETITIONS', defaultDefinitionLimits.maxRepetitions, 1, 100000),
    maxBytes: integer(env, 'PROCESS_FILE_MAX_BYTES', defaultDefinitionLimits.maxBytes, 10000, 8 * 1024 * 1024),
    maxElements: integer(env, 'PROCESS_FILE_MAX_ELEMENTS', defaultDefinitionLimits.maxElements, 100, 50000),
  };
}

function mailFrom(env: Env): string {
  const value = text(env, 'MAIL_FROM', 'Individuell plan <no-reply@localhost>');
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(value)) {
    throw new ConfigError('MAIL_FROM', `must be an e-mail address, optionally with a name: Name <address@domain> (got "${value}")`);
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  return {
    nodeEnv,
    host: text(env, 'HOST', '127.0.0.1'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir: path.resolve(text(env, 'DATA_DIR', 'data')),
    mongodbUri: url(env, 'MONGODB_URI', ['mongodb:', 'mongodb+srv:']),
    mongoPort: integer(env, 'MONGO_PORT', 0, 0, 65535),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPort: integer(env, 'REDIS_PORT', 0, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    municipalityName: text(env, 'MUNICIPALITY_NAME', 'Eksempel kommune'),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 10, 1, 1000),
    reminderConcurrency: integer(env, 'REMINDER_CONCURRENCY', 1000, 1, 5000),
    engineThreads: integer(env, 'ENGINE_THREADS', os.availableParallelism(), 0, 256),
    engineLiveEngines: integer(env, 'ENGINE_LIVE_ENGINES', 4, 0, 10000),
    engineLiveEngineIdleMs: interval(env, 'ENGINE_LIVE_ENGINE_IDLE', 10_000, 1000),
    engineThreadMemoryMb: integer(env, 'ENGINE_THREAD_MEMORY_MB', 128, 32, 65536),
    engineThreadYoungMb: integer(env, 'ENGINE_THREAD_YOUNG_MB', 0, 0, 1024),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 100, 600000),
    trustProxy: trustProxy(env),
    definitionLimits: definitionLimits(env),
    processFilesWritable: oneOf(env, 'PROCESS_FILES_WRITABLE', ['true', 'false'], nodeEnv === 'development' ? 'true' : 'false') === 'true',
    caseMessagesPerDay: integer(env, 'CASE_MESSAGES_PER_DAY', 3, 1, 100),
    reminderScanIntervalMs: interval(env, 'REMINDER_SCAN_INTERVAL', 5 * 60_000, 1000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: mailFrom(env),
    publicUrl: (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${integer(env, 'PORT', 3000, 0, 65535) || 3000}`).replace(/\/+$/, ''),
  };
}
