import type { ServerResponse } from 'node:http';

/**
 * Writes a fetch `Response` to a Node response, streaming the body with backpressure.
 * When the client goes away the body is cancelled, which ends event streams.
 */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // Send the headers now: an event stream may not have a first chunk for a while.
  res.flushHeaders();
  const reader = response.body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value))
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume);
            res.off('close', resume);
            resolve();
          };
          res.once('drain', resume);
          res.once('close', resume);
        });
      if (res.destroyed) break;
    }
  } catch {
    // The body failed mid-stream; nothing more can be sent but the end.
  } finally {
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}
