import {
  parseStatusCallbackBody,
  StatusCallbackError,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import Fastify from 'fastify';

export function createCallbackServer(onEvent: (event: StatusCallbackEvent) => Promise<void>) {
  const fastify = Fastify();
  // Check the secret you put in the StatusCallback URL first: Exotel does not sign callbacks.
  fastify.register(async (scope) => {
    // In this scope only, every body stays raw bytes (a Buffer), JSON included.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Body: Buffer | undefined }>('/exotel/status-callback', async (request, reply) => {
      try {
        const contentType = request.headers['content-type'] ?? '';
        await onEvent(await parseStatusCallbackBody(contentType, request.body ?? ''));
        return reply.code(200).send();
      } catch (error) {
        if (!(error instanceof StatusCallbackError)) throw error;
        return reply.code(400).send({ code: error.code });
      }
    });
  });
  return fastify;
}
