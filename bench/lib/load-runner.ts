import autocannon, { type AutocannonResult } from "autocannon";
import { summarise, type LatencySummary } from "./stats.js";

export interface LoadRun {
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  throughput: number;
  latency: LatencySummary;
  /** Connection errors (timeouts included) and non-2xx answers together. */
  errors: number;
  statusCodes: Record<string, number>;
}

/**
 * A closed-loop run with autocannon: `connections` clients each send the next request as soon as the
 * last one answered, for `seconds`. Bodies cycle through `bodies` so the service never sees one
 * question twice in a row. Latencies are collected per response (autocannon's own summary has no p95).
 */
export async function runLoad(baseUrl: string, urlPath: string, bodies: unknown[], connections: number, seconds: number): Promise<LoadRun> {
  const encoded = bodies.map((body) => JSON.stringify(body));
  let next = 0;
  const latencies: number[] = [];
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: urlPath,
            headers: { "content-type": "application/json" },
            setupRequest: (request) => ({ ...request, body: encoded[next++ % encoded.length] }),
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    path: urlPath,
    connections,
    seconds: result.duration,
    requests: latencies.length,
    throughput: Math.round((latencies.length / result.duration) * 10) / 10,
    latency: summarise(latencies),
    errors: result.errors + result.non2xx,
    statusCodes,
  };
}
