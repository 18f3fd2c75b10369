import { getServedDataset } from '@/lib/server/served-dataset';

export const dynamic = 'force-dynamic';

/** GET /api/health → JSON naming the served dataset, its version and slide count (503 when none). */
export async function GET(): Promise<Response> {
  const served = await getServedDataset();
  if (!served.ok) return Response.json({ ok: false, error: 'no dataset loaded' }, { status: 503 });
  const { manifest } = served.dataset;
  return Response.json({
    ok: true,
    dataset: manifest.datasetId,
    version: manifest.version,
    slides: manifest.counts.slides,
    simulated: manifest.source.simulated,
  });
}
