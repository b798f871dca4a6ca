/** Reads one sample from the server's Prometheus text at /metrics. */
export async function metricValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (wanted.every((w) => (match[2] ?? '').includes(w))) return Number(match[3]);
  }
  return 0;
}

/** Sum of every sample of a metric (all label values). */
export async function metricSum(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
    if (match && match[1] === name) sum += Number(match[3]);
  }
  return sum;
}
