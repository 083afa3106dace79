import { Router } from 'express';

/** /healthz: the process is alive. /readyz: it can serve, because MongoDB and Redis answer. */
export function healthRoutes(checkReadiness: () => Promise<{ mongodb: boolean; redis: boolean }>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await checkReadiness();
    const ready = checks.mongodb && checks.redis;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
