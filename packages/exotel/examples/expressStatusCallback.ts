import {
  parseStatusCallbackBody,
  StatusCallbackError,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import express, { type Express } from 'express';

export function createCallbackApp(onEvent: (event: StatusCallbackEvent) => Promise<void>): Express {
  const app = express();
  // Check the secret you put in the StatusCallback URL first: Exotel does not sign callbacks.
  app.post(
    '/exotel/status-callback',
    // Every body stays raw bytes (a Buffer); the parser reads multipart, urlencoded and JSON.
    express.raw({ type: '*/*', limit: '64kb' }),
    async (req, res) => {
      try {
        const body = Buffer.isBuffer(req.body) ? req.body : '';
        await onEvent(await parseStatusCallbackBody(req.get('content-type') ?? '', body));
        res.sendStatus(200);
      } catch (error) {
        if (!(error instanceof StatusCallbackError)) throw error;
        res.status(400).json({ code: error.code });
      }
    },
  );
  return app;
}
