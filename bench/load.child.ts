import autocannon from 'autocannon';
import { runAndExit } from './run-and-exit.js';

/**
 * The load generator, in a process of its own so it never shares an event loop with the server it measures.
 * Usage: node dist/bench/load.child.js '<json options>' — prints one JSON line with the figures.
 */
interface LoadOptions {
  /** Several URLs: the connections are spread over them, as a load balancer in front of several API processes would. */
  url: string | string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  durationSeconds: number;
  connections: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as LoadOptions;
  const result = await autocannon({
    // autocannon takes several URLs and spreads the connections over them (its types name only one).
    url: options.url as string,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    duration: options.durationSeconds,
    connections: options.connections,
  });
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      seconds: result.duration,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
    })}\n`,
  );
}

runAndExit(main);
