/** What the demo server tells its pages (`/demo.json`). */
export interface DemoSettings {
  upstream: 'simulator' | 'exotel';
  endpoint: string;
  widgetId: string;
  /** Path of the simulator's API, when the demo uses it. */
  simulator: string | null;
  /** The simulated weavers' phones, rung in turn; empty with real Exotel. */
  agents: { number: string; name: string }[];
}

export async function loadDemoSettings(): Promise<DemoSettings> {
  const response = await fetch('/demo.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`/demo.json answered ${response.status}`);
  return response.json();
}
