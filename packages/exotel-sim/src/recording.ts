import { authorized } from './authorized.js';
import type { CallEngine } from './callEngine.js';
import type { SimClock } from './clock.js';
import { MESSAGES, restException } from './wire.js';

/**
 * Recordings: the simulator has no audio, so every recording is a short silent MP3
 * (valid MPEG-1 Layer III frames whose side info is all zero), enough for a player
 * or a download check.
 */

const FRAME_BYTES = 417; // 128 kbit/s at 44.1 kHz, no padding
const FRAMES = 39; // about one second

export function silentMp3(): Uint8Array {
  const bytes = new Uint8Array(FRAME_BYTES * FRAMES);
  for (let frame = 0; frame < FRAMES; frame++) {
    // Sync word, MPEG-1, Layer III, no CRC, 128 kbit/s, 44.1 kHz, mono.
    bytes.set([0xff, 0xfb, 0x90, 0xc4], frame * FRAME_BYTES);
  }
  return bytes;
}

const RECORDING = /^\/recordings\/([^/]+)\/([^/]+)\.mp3$/;

/**
 * Matches `/recordings/{AccountSid}/{CallSid}.mp3`, the simulator's RecordingUrl. Like
 * Exotel's, it needs the API credentials (HTTP Basic) unless pre-signed.
 */
export function matchRecording(path: string): { accountSid: string; callSid: string } | null {
  const match = RECORDING.exec(path);
  if (!match) return null;
  try {
    return { accountSid: decodeURIComponent(match[1]!), callSid: decodeURIComponent(match[2]!) };
  } catch {
    return null;
  }
}

/** FNV-1a, 32 bits: enough to make a simulated signature that is not guessable by accident. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A `PreSignedRecordingUrl`: the RecordingUrl with an expiry (simulated epoch
 * seconds) and a signature, so it can be fetched without the API credentials.
 */
export function presignRecordingUrl(
  recordingUrl: string,
  expiresAtSeconds: number,
  secret: string,
): string {
  const path = new URL(recordingUrl).pathname;
  const signature = fnv1a(`${path}\n${expiresAtSeconds}\n${secret}`);
  return `${recordingUrl}?Expires=${expiresAtSeconds}&Signature=${signature}`;
}

/** Whether a recording request carries a valid, unexpired pre-signature. */
export function isPresigned(url: URL, nowSeconds: number, secret: string): boolean {
  const expires = url.searchParams.get('Expires');
  const signature = url.searchParams.get('Signature');
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) < nowSeconds) return false;
  return signature === fnv1a(`${url.pathname}\n${expires}\n${secret}`);
}

/**
 * `GET /recordings/{AccountSid}/{CallSid}.mp3`: the audio of a finished recorded call,
 * for the API credentials or a valid pre-signature; `undefined` for other requests.
 */
export function serveRecording(
  request: Request,
  url: URL,
  ctx: {
    credentials: { accountSid: string; apiKey: string; apiToken: string };
    clock: SimClock;
    engine: CallEngine;
  },
): Response | undefined {
  const recording = matchRecording(url.pathname);
  if (!recording || request.method !== 'GET') return undefined;
  const allowed =
    authorized(ctx.credentials, request, recording.accountSid) ||
    isPresigned(url, Math.floor(ctx.clock.now() / 1000), ctx.credentials.apiToken);
  if (!allowed) return restException('json', 401, MESSAGES.unauthorized);
  const call = ctx.engine.get(recording.callSid);
  if (!call?.recordingUrl || call.endedAt === null || call.accountSid !== recording.accountSid) {
    return undefined;
  }
  return new Response(silentMp3() as BodyInit, { headers: { 'content-type': 'audio/mpeg' } });
}
