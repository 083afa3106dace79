/** The Redis of this test run: REDIS_URL, or the private one that test/support/global-setup.ts started. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests through npm test (jest globalSetup starts a redis-server)');
  return url;
}

/** A prefix for BullMQ keys that no other test file uses. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${process.pid}-${Date.now().toString(36)}`;
}
