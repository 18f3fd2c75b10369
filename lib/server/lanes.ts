import 'server-only';

/**
 * Concurrency gate in front of DuckDB (docs/reliability.md §5). Two lanes, each with bounded
 * concurrency and a bounded FIFO queue: `interactive` (cohort answers from the cube) and `heavy`
 * (exports, cohort-wide scans, slide-table downloads, explore analyses).
 * A request that finds its lane's queue full, or waits longer than the lane's bound, is answered
 * 503 with Retry-After. A streamed response (an export) holds its slot until its body has been
 * sent, cancelled or has failed; every slot is released exactly once.
 */
export type LaneName = 'interactive' | 'heavy';

/** Bounds of one lane. */
export interface LaneLimits {
  /** Requests working at once. */
  readonly concurrency: number;
  /** Requests waiting at once (FIFO); one more is refused. */
  readonly queue: number;
  /** Longest wait in the queue (ms) before the request is refused. */
  readonly maxWaitMs: number;
}

/** Default bounds; ATLAS_<LANE>_CONCURRENCY, _QUEUE and _WAIT_MS override them (README, deployment). */
export const DEFAULT_LANE_LIMITS: Readonly<Record<LaneName, LaneLimits>> = {
  // Every DuckDB call occupies one of libuv's 4 pool threads: one heavy request at a time leaves three.
  heavy: { concurrency: 1, queue: 64, maxWaitMs: 60_000 },
  interactive: { concurrency: 8, queue: 256, maxWaitMs: 30_000 },
};

/** A request refused by a lane: answer 503 with Retry-After (s) so clients and scripts can retry. */
export class LaneBusyError extends Error {
  constructor(
    readonly lane: LaneName,
    readonly reason: 'queue_full' | 'wait_timeout' | 'cancelled',
    readonly retryAfterSeconds: number,
  ) {
    super(
      reason === 'queue_full'
        ? `the server is busy with other ${lane} requests (queue full); retry in ${retryAfterSeconds} s`
        : reason === 'wait_timeout'
          ? `the server is busy with other ${lane} requests (waited too long); retry in ${retryAfterSeconds} s`
          : 'the request was cancelled while it waited',
    );
    this.name = 'LaneBusyError';
  }

  /** `503 { ok: false, error: { code: 'busy', reason, message } }` with a Retry-After header. */
  toResponse(): Response {
    return Response.json(
      { ok: false, error: { code: 'busy', reason: this.reason, message: this.message } },
      { status: 503, headers: { 'retry-after': String(this.retryAfterSeconds), 'cache-control': 'no-store' } },
    );
  }
}

/** Frees a slot; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  readonly admit: () => void;
  readonly refuse: (error: LaneBusyError) => void;
}

/** One lane: at most `concurrency` holders, then a FIFO queue of at most `queue` waiters. */
export class Lane {
  #active = 0;
  #holdMs = 1000;
  readonly #waiting: Waiter[] = [];

  constructor(
    readonly name: LaneName,
    readonly limits: LaneLimits,
  ) {}

  /** Requests holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Seconds a refused client should wait: queue length × the recent mean hold time / concurrency, 1–60 s. */
  retryAfterSeconds(): number {
    const seconds = ((this.#waiting.length + 1) * this.#holdMs) / this.limits.concurrency / 1000;
    return Math.min(60, Math.max(1, Math.ceil(seconds)));
  }

  /** Waits for a slot (FIFO); rejects with LaneBusyError when the queue is full, the wait too long or `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new LaneBusyError(this.name, 'cancelled', 1));
    if (this.#active < this.limits.concurrency && this.#waiting.length === 0) return Promise.resolve(this.#grant());
    if (this.#waiting.length >= this.limits.queue)
      return Promise.reject(new LaneBusyError(this.name, 'queue_full', this.retryAfterSeconds()));
    return new Promise<Release>((resolve, reject) => {
      const leave = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        admit: () => {
          leave();
          resolve(this.#grant());
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      };
      const onAbort = (): void => waiter.refuse(new LaneBusyError(this.name, 'cancelled', 1));
      const timer = setTimeout(
        () => waiter.refuse(new LaneBusyError(this.name, 'wait_timeout', this.retryAfterSeconds())),
        this.limits.maxWaitMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #grant(): Release {
    this.#active += 1;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#holdMs = 0.8 * this.#holdMs + 0.2 * (performance.now() - started);
      if (this.#active < this.limits.concurrency) this.#waiting[0]?.admit();
    };
  }
}

/** `body` that calls `release` once when it ends, fails, is cancelled, or `signal` aborts (the client left). */
export function releaseWhenDone(
  body: ReadableStream<Uint8Array>,
  release: Release,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    release();
  };
  // One cancel of the source, shared: a second reader.cancel() on a stream the first already
  // closed resolves at once, before the source's own cancel (e.g. interrupting DuckDB) has finished.
  let stopping: Promise<void> | undefined;
  const stop = (reason: unknown): Promise<void> => (stopping ??= reader.cancel(reason).catch(() => undefined));
  const onAbort = (): void => void stop(signal?.reason).finally(finish);
  // The client may have left while the response was being prepared: an aborted signal never fires again.
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            // A read pending during a cancel ends at once; the slot waits for the source to stop.
            if (stopping) await stopping;
            finish();
            try {
              controller.close();
            } catch {
              // This stream was cancelled itself (the client went away): nothing to close.
            }
          } else controller.enqueue(value);
        } catch (error) {
          if (stopping) await stopping;
          finish();
          controller.error(error);
        }
      },
      async cancel(reason) {
        // Release after the source has stopped its work (an export interrupts its DuckDB query).
        await stop(reason);
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads ATLAS_<LANE>_CONCURRENCY / _QUEUE / _WAIT_MS (positive integers; queue may be 0) over the defaults. */
export function laneLimitsFromEnv(lane: LaneName, env: Record<string, string | undefined> = process.env): LaneLimits {
  const prefix = `ATLAS_${lane.toUpperCase()}_`;
  const read = (name: string, fallback: number, min: number): number => {
    const value = Number(env[prefix + name]);
    return env[prefix + name] !== undefined && Number.isInteger(value) && value >= min ? value : fallback;
  };
  const defaults = DEFAULT_LANE_LIMITS[lane];
  return {
    concurrency: read('CONCURRENCY', defaults.concurrency, 1),
    queue: read('QUEUE', defaults.queue, 0),
    maxWaitMs: read('WAIT_MS', defaults.maxWaitMs, 1),
  };
}

const lanes = globalThis as typeof globalThis & { __atlasLanes?: Record<LaneName, Lane> };

/** The server's lanes (one per process, bounds from the environment). */
export function serverLane(name: LaneName): Lane {
  lanes.__atlasLanes ??= {
    interactive: new Lane('interactive', laneLimitsFromEnv('interactive')),
    heavy: new Lane('heavy', laneLimitsFromEnv('heavy')),
  };
  return lanes.__atlasLanes[name];
}

/**
 * Answers `request` inside lane `name`: waits for a slot (503 + Retry-After when refused), runs
 * `respond`, and releases the slot when it returns — or, with `streamed` (a body that does its
 * work while it is read, such as an export), when the body has ended, failed or been cancelled.
 * Errors from `respond` are rethrown (after releasing) for the route's own error handling.
 */
export async function respondInLane(
  name: LaneName,
  request: Request,
  respond: () => Promise<Response>,
  { streamed = false }: { readonly streamed?: boolean } = {},
): Promise<Response> {
  let release: Release;
  try {
    release = await serverLane(name).acquire(request.signal);
  } catch (error) {
    if (error instanceof LaneBusyError) return error.toResponse();
    throw error;
  }
  let response: Response;
  try {
    response = await respond();
  } catch (error) {
    release();
    throw error;
  }
  if (!streamed || !response.body) {
    release();
    return response;
  }
  return new Response(releaseWhenDone(response.body, release, request.signal), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
