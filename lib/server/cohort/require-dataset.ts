import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { ApiError } from '../export/api-error';
import { getServedDataset } from '../served-dataset';

/** The served dataset, or a 503 ApiError saying none is loaded. */
export async function requireDataset(): Promise<OpenedDataset> {
  const served = await getServedDataset();
  if (!served.ok) throw new ApiError('no_dataset', 'no dataset loaded on this server');
  return served.dataset;
}
