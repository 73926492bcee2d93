import { Injectable } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueRegistry } from '../queue/queue.module.js';

/**
 * `http_request_duration_seconds`: HTTP latency by method, route template and status, observed once per answered
 * request. One labelled child per (method, route, status), found by a string key: no label object hashed per request.
 */
export class HttpLatencyHistogram {
  private readonly histogram: Histogram<'method' | 'route' | 'status'>;
  private readonly children = new Map<string, { observe: (value: number) => void }>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.children.get(key);
    if (!child) {
      child = this.histogram.labels(method, route, String(status));
      this.children.set(key, child);
    }
    child.observe(seconds);
  }
}

/** Prometheus registry: HTTP latency by route and status, queue depths, process metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly http = new HttpLatencyHistogram(this.registry);

  constructor(queues: QueueRegistry) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        await Promise.all(
          queues.all().map(async (queue) => {
            try {
              const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
              for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
            } catch {
              // Redis down: readiness reports it; metrics keep answering.
            }
          }),
        );
      },
    });
  }

  /** An answered HTTP request (see HttpLatencyHistogram). */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.http.observe(method, route, status, seconds);
  }
}
