// The numbers each scripted attack produced, printed as the table README.md records.

export interface AttackResult {
  attack: string;
  /** Requests the attacker sent. */
  requests: number;
  /** Requests that got what the attacker wanted (a call placed, a state changed, a stream held). */
  through: number;
  /** The configured limit those must stay within. */
  limit: number;
  limitNote: string;
  /** Calls Exotel actually placed during the attack (the simulator's control API). */
  upstream: number | null;
  legitimateServed: string;
}

const results: AttackResult[] = [];

export function recordAttack(result: AttackResult): void {
  results.push(result);
  console.log(
    `[hardening:abuse] ${result.attack}: ${result.through}/${result.requests} through` +
      ` (limit ${result.limit}: ${result.limitNote}); upstream ${result.upstream ?? '-'};` +
      ` legitimate visitor ${result.legitimateServed}`,
  );
}

export function attackTable(): string {
  const rows = results.map(
    (r) =>
      `| ${r.attack} | ${r.requests} | ${r.through} | ${r.limit} (${r.limitNote}) | ${r.upstream ?? '–'} | ${r.legitimateServed} |`,
  );
  return [
    '| attack | requests | got through | configured limit | upstream connects | legitimate visitor |',
    '|---|---:|---:|---|---:|---|',
    ...rows,
  ].join('\n');
}
