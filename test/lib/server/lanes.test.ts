import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lane, LaneBusyError, laneLimitsFromEnv, releaseWhenDone, respondInLane } from '../../../lib/server/lanes';

const limits = { concurrency: 2, queue: 3, maxWaitMs: 1000 };

/** Settles pending promise callbacks. */
const flush = () => new Promise<void>((done) => setImmediate(done));

describe('Lane', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('admits up to its concurrency at once, then queues in FIFO order', async () => {
    const lane = new Lane('heavy', limits);
    const order: number[] = [];
    const first = await lane.acquire();
    const second = await lane.acquire();
    const waiting = [1, 2, 3].map((id) => lane.acquire().then((release) => (order.push(id), release)));
    expect([lane.active, lane.queued]).toEqual([2, 3]);
    first();
    await flush();
    expect(order).toEqual([1]);
    second();
    await flush();
    expect(order).toEqual([1, 2]);
    (await waiting[0]!)();
    await flush();
    expect(order).toEqual([1, 2, 3]);
    expect([lane.active, lane.queued]).toEqual([2, 0]);
  });

  it('refuses with queue_full and a Retry-After when the queue is full', async () => {
    const lane = new Lane('heavy', { ...limits, queue: 1 });
    await lane.acquire();
    await lane.acquire();
    void lane.acquire();
    const refused = await lane.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LaneBusyError);
    expect((refused as LaneBusyError).reason).toBe('queue_full');
    const response = (refused as LaneBusyError).toResponse();
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'busy', reason: 'queue_full' } });
  });

  it('refuses a waiter after maxWaitMs and forgets it', async () => {
    const lane = new Lane('heavy', { ...limits, concurrency: 1 });
    const holder = await lane.acquire();
    const waiting = lane.acquire().catch((error: unknown) => error);
    vi.advanceTimersByTime(999);
    expect(lane.queued).toBe(1);
    vi.advanceTimersByTime(1);
    expect(((await waiting) as LaneBusyError).reason).toBe('wait_timeout');
    expect(lane.queued).toBe(0);
    holder();
    expect(lane.active).toBe(0);
  });

  it('drops a waiter whose request is aborted, and refuses already-aborted requests', async () => {
    const lane = new Lane('heavy', { ...limits, concurrency: 1 });
    const holder = await lane.acquire();
    const abort = new AbortController();
    const waiting = lane.acquire(abort.signal).catch((error: unknown) => error);
    abort.abort();
    expect(((await waiting) as LaneBusyError).reason).toBe('cancelled');
    expect(lane.queued).toBe(0);
    await expect(lane.acquire(abort.signal)).rejects.toBeInstanceOf(LaneBusyError);
    holder();
    expect(lane.active).toBe(0);
  });

  it('releases a slot once however often release is called', async () => {
    const lane = new Lane('heavy', { ...limits, concurrency: 1 });
    const release = await lane.acquire();
    const next = lane.acquire();
    release();
    release();
    const second = await next;
    expect(lane.active).toBe(1);
    release();
    expect(lane.active).toBe(1);
    second();
    expect(lane.active).toBe(0);
  });

  it('estimates Retry-After from the queue and recent hold times (1–60 s)', async () => {
    const lane = new Lane('heavy', { concurrency: 1, queue: 100, maxWaitMs: 600_000 });
    for (let k = 0; k < 20; k += 1) {
      const release = await lane.acquire();
      vi.advanceTimersByTime(4000);
      release();
    }
    await lane.acquire();
    for (let k = 0; k < 3; k += 1) void lane.acquire();
    expect(lane.retryAfterSeconds()).toBe(16);
    for (let k = 0; k < 50; k += 1) void lane.acquire();
    expect(lane.retryAfterSeconds()).toBe(60);
  });
});

/** A stream of `chunks` that records whether it was cancelled. */
function source(chunks: string[], fail = false) {
  const state = { cancelled: false };
  let k = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (k < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[k++]));
      else if (fail) controller.error(new Error('query failed'));
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('releaseWhenDone', () => {
  it('passes the bytes through and releases once at the end', async () => {
    const release = vi.fn();
    const body = releaseWhenDone(source(['a', 'b']).stream, release);
    expect(await new Response(body).text()).toBe('ab');
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('releases once when the body fails', async () => {
    const release = vi.fn();
    const body = releaseWhenDone(source(['a'], true).stream, release);
    await expect(new Response(body).text()).rejects.toThrow('query failed');
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('cancels the source and releases once when the consumer cancels', async () => {
    const release = vi.fn();
    const { stream, state } = source(['a', 'b', 'c']);
    const reader = releaseWhenDone(stream, release).getReader();
    await reader.read();
    expect(release).not.toHaveBeenCalled();
    await reader.cancel('client went away');
    expect(state.cancelled).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('cancels the source and releases once when the request aborts', async () => {
    const release = vi.fn();
    const abort = new AbortController();
    const { stream, state } = source(['a', 'b', 'c']);
    const reader = releaseWhenDone(stream, release, abort.signal).getReader();
    await reader.read();
    abort.abort();
    await flush();
    expect(state.cancelled).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
    await reader.cancel().catch(() => undefined);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('keeps the slot until a slow source has stopped, with a read pending and both the body and the request cancelled', async () => {
    const release = vi.fn();
    const abort = new AbortController();
    let stopped = false;
    let finishCancel = (): void => undefined;
    // A source that never produces (a COPY still running) and takes its time to stop (interrupting DuckDB).
    const slow = new ReadableStream<Uint8Array>({
      pull: () => new Promise<void>(() => undefined),
      cancel: () =>
        new Promise<void>((done) => {
          finishCancel = () => {
            stopped = true;
            done();
          };
        }),
    });
    const reader = releaseWhenDone(slow, release, abort.signal).getReader();
    const pending = reader.read();
    abort.abort();
    const cancelled = reader.cancel('client went away');
    await flush();
    await pending.catch(() => undefined);
    await flush();
    expect(stopped).toBe(false);
    expect(release).not.toHaveBeenCalled();
    finishCancel();
    await cancelled;
    await flush();
    expect(stopped).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe('releaseWhenDone with a request that already aborted', () => {
  it('cancels the source and releases at once (the client left while the response was prepared)', async () => {
    const release = vi.fn();
    const abort = new AbortController();
    abort.abort();
    const { stream, state } = source(['a']);
    releaseWhenDone(stream, release, abort.signal);
    await flush();
    expect(state.cancelled).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe('respondInLane', () => {
  const request = () => new Request('http://atlas.test/api/export');

  it('answers 503 with Retry-After when the server lane is full, and holds streamed slots until bodies end', async () => {
    vi.stubEnv('ATLAS_HEAVY_CONCURRENCY', '1');
    vi.stubEnv('ATLAS_HEAVY_QUEUE', '0');
    delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    try {
      const first = await respondInLane('heavy', request(), async () => new Response(source(['x']).stream), {
        streamed: true,
      });
      const refused = await respondInLane('heavy', request(), async () => new Response('never'));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await first.text()).toBe('x');
      const second = await respondInLane('heavy', request(), async () => new Response('ok'));
      expect(await second.text()).toBe('ok');
    } finally {
      vi.unstubAllEnvs();
      delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    }
  });

  it('releases the slot of a response computed in full as soon as it is returned, body unread', async () => {
    vi.stubEnv('ATLAS_HEAVY_CONCURRENCY', '1');
    vi.stubEnv('ATLAS_HEAVY_QUEUE', '0');
    delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    try {
      const first = await respondInLane('heavy', request(), async () => Response.json({ ok: true }));
      const second = await respondInLane('heavy', request(), async () => Response.json({ ok: true }));
      expect([first.status, second.status]).toEqual([200, 200]);
    } finally {
      vi.unstubAllEnvs();
      delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    }
  });

  it('releases the slot when the handler throws, and rethrows', async () => {
    vi.stubEnv('ATLAS_HEAVY_CONCURRENCY', '1');
    vi.stubEnv('ATLAS_HEAVY_QUEUE', '0');
    delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    try {
      await expect(respondInLane('heavy', request(), () => Promise.reject(new Error('bad')))).rejects.toThrow('bad');
      const next = await respondInLane('heavy', request(), async () => new Response(null, { status: 204 }));
      expect(next.status).toBe(204);
      const after = await respondInLane('heavy', request(), async () => new Response('ok'));
      expect(after.status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
      delete (globalThis as { __atlasLanes?: unknown }).__atlasLanes;
    }
  });
});

describe('laneLimitsFromEnv', () => {
  it('reads positive integers over the defaults and ignores the rest', () => {
    expect(laneLimitsFromEnv('heavy', { ATLAS_HEAVY_CONCURRENCY: '3', ATLAS_HEAVY_QUEUE: '0', ATLAS_HEAVY_WAIT_MS: '500' })).toEqual({ concurrency: 3, queue: 0, maxWaitMs: 500 }); // prettier-ignore
    const defaults = laneLimitsFromEnv('interactive', {});
    expect(laneLimitsFromEnv('interactive', { ATLAS_INTERACTIVE_CONCURRENCY: '0', ATLAS_INTERACTIVE_QUEUE: 'x', ATLAS_INTERACTIVE_WAIT_MS: '-1' })).toEqual(defaults); // prettier-ignore
  });
});
