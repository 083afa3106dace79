import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      dataDir: path.resolve('data'),
      mongodbUri: undefined,
      redisUrl: undefined,
      municipalityName: 'Eksempel kommune',
      logLevel: 'info',
      trustProxy: 'loopback',
      engineThreads: os.availableParallelism(),
      engineLiveEngines: 4,
      engineLiveEngineIdleMs: 10000,
      engineThreadMemoryMb: 128,
      engineThreadYoungMb: 0,
      reminderScanIntervalMs: 300000,
    });
    expect(loadConfig({ REMINDER_SCAN_INTERVAL: 'PT2S' }).reminderScanIntervalMs).toBe(2000);
  });

  it('reads the engine threads and their live engines', () => {
    expect(loadConfig({ ENGINE_THREADS: '0', ENGINE_LIVE_ENGINES: '0' })).toMatchObject({ engineThreads: 0, engineLiveEngines: 0 });
    expect(loadConfig({ ENGINE_THREAD_YOUNG_MB: '96' }).engineThreadYoungMb).toBe(96);
    expect(loadConfig({ ENGINE_LIVE_ENGINE_IDLE: 'PT2M' }).engineLiveEngineIdleMs).toBe(120000);
    expect(() => loadConfig({ ENGINE_LIVE_ENGINE_IDLE: '30' })).toThrow('ENGINE_LIVE_ENGINE_IDLE must be an ISO 8601 duration of at least 1 s, e.g. PT1H (got "30")');
    expect(() => loadConfig({ ENGINE_THREAD_YOUNG_MB: '96MB' })).toThrow('ENGINE_THREAD_YOUNG_MB must be a whole number from 0 to 1024 (got "96MB")');
  });

  it.each([
    ['false', false],
    ['2', 2],
    ['10.0.0.0/8, loopback', '10.0.0.0/8, loopback'],
  ])('reads TRUST_PROXY=%p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads production settings', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db.internal:27017/ip?replicaSet=rs0',
      REDIS_URL: 'rediss://cache.internal:6380',
      MUNICIPALITY_NAME: 'Nordvik kommune',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '0.0.0.0',
      mongodbUri: 'mongodb://db.internal:27017/ip?replicaSet=rs0',
      redisUrl: 'rediss://cache.internal:6380',
      municipalityName: 'Nordvik kommune',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 0 to 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['PORT', '-1', /PORT must be a whole number/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['MONGODB_URI', 'not a url', /MONGODB_URI is not a valid URL/],
    ['MONGODB_URI', 'http://example.org', /MONGODB_URI must start with mongodb:\/\/ or mongodb\+srv:\/\//],
    ['REDIS_URL', 'mongodb://x', /REDIS_URL must start with redis:\/\/ or rediss:\/\//],
    ['WORKER_CONCURRENCY', '0', /WORKER_CONCURRENCY must be a whole number from 1/],
    ['REMINDER_CONCURRENCY', '9000', /REMINDER_CONCURRENCY must be a whole number from 1 to 5000/],
    ['ENGINE_THREADS', 'many', /ENGINE_THREADS must be a whole number from 0 to 256/],
    ['TRUST_PROXY', 'yes please', /TRUST_PROXY must be false, a number of proxies/],
    ['REMINDER_SCAN_INTERVAL', 'PT0.5S', /REMINDER_SCAN_INTERVAL must be an ISO 8601 duration of at least 1 s/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
  });
});
