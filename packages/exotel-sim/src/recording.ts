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

/** Matches `/recordings/{AccountSid}/{CallSid}.mp3`, the simulator's RecordingUrl. */
export function matchRecording(path: string): { accountSid: string; callSid: string } | null {
  const match = RECORDING.exec(path);
  if (!match) return null;
  try {
    return { accountSid: decodeURIComponent(match[1]!), callSid: decodeURIComponent(match[2]!) };
  } catch {
    return null;
  }
}
