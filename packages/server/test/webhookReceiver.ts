// A business's webhook endpoint on loopback: records every request, checks each one with
// the `standardwebhooks` package (the reference implementation receivers use), and
// answers what the test scripts.
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { WebhookPayload } from '../src/domain/webhooks.js';
import { listenOn } from './harness.js';

/** 32 bytes, base64: a valid Standard Webhooks secret. */
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7SGvIp0Wlrs=';

export interface ReceivedWebhook {
  id: string;
  payload: WebhookPayload;
  headers: IncomingHttpHeaders;
  /** The status answered. */
  status: number;
  /** Why `standardwebhooks` refused it, or `null` when it verified. */
  verifyError: string | null;
  path: string;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Distinct `webhook-id`s answered 2xx. */
  deliveredIds(): string[];
  close(): Promise<void>;
}

/**
 * `answer` picks each response: a status, or a status with headers (a redirect). Called
 * with how many requests this id has had before.
 */
export async function startReceiver(
  answer: (
    seen: number,
    request: ReceivedWebhook,
  ) => number | { status: number; headers: Record<string, string> } = () => 204,
  secret = WEBHOOK_SECRET,
): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const server = await listenOn((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verifyError: string | null = null;
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch (error) {
        verifyError = (error as Error).message;
      }
      const id = String(req.headers['webhook-id']);
      const entry: ReceivedWebhook = {
        id,
        payload: JSON.parse(body) as WebhookPayload,
        headers: req.headers,
        status: 0,
        verifyError,
        path: req.url ?? '',
      };
      const seen = received.filter((r) => r.id === id).length;
      const answered = answer(seen, entry);
      const { status, headers } =
        typeof answered === 'number' ? { status: answered, headers: {} } : answered;
      entry.status = status;
      received.push(entry);
      res.writeHead(status, headers).end(status === 204 ? undefined : 'ok');
    });
  });
  return {
    url: `http://127.0.0.1:${server.port}/hooks/ringback`,
    received,
    deliveredIds: () => [
      ...new Set(received.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.id)),
    ],
    close: server.close,
  };
}
