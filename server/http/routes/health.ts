import { Router } from 'express';

/**
 * /healthz: the process is alive (a liveness check: restarting it would not help while a database
 * is away). /readyz: it can serve, because MongoDB and Redis answer; otherwise 503 `degraded`,
 * naming what does not answer.
 */
export function healthRoutes(checkReadiness: () => Promise<{ mongodb: boolean; redis: boolean }>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await checkReadiness();
    const ready = checks.mongodb && checks.redis;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'degraded', checks });
  });
  return router;
}
