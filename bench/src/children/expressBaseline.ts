// The integration people write today: an Express route that forwards the body to
// Exotel with fetch. No origin check, no number validation, no limits, no idempotency,
// nothing stored.
import express from 'express';
import { AGENT, basicAuth, EXOPHONE, SIM_CREDENTIALS } from '../lib/fixtures.js';
import type { ServerSpec } from '../lib/servers.js';
import type { Started } from './server.js';

export function startExpressBaseline(spec: Extract<ServerSpec, { kind: 'express' }>): Started {
  const { accountSid, apiKey, apiToken } = SIM_CREDENTIALS;
  const connectUrl = `${spec.simUrl}/v1/Accounts/${accountSid}/Calls/connect.json`;
  const authorization = basicAuth(apiKey, apiToken);
  const app = express();
  app.disable('x-powered-by');
  app.post('/v1/calls', express.json(), async (req, res) => {
    try {
      const upstream = await fetch(connectUrl, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ From: AGENT, To: req.body.phone, CallerId: EXOPHONE }),
      });
      const data = (await upstream.json()) as { Call?: { Sid: string; Status: string } };
      if (!upstream.ok || !data.Call) {
        res.status(502).json({ error: 'upstream' });
        return;
      }
      res.status(202).json({ id: data.Call.Sid, state: data.Call.Status });
    } catch {
      res.status(502).json({ error: 'upstream' });
    }
  });
  return { handler: app };
}
