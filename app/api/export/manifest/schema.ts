import { z } from 'zod';

/** Extra query parameters of GET /api/export/manifest (besides those of /api/export). */
export const manifestQuerySchema = z.object({
  sha256: z
    .enum(['0', '1'], { message: 'sha256 must be 0 or 1' })
    .default('1')
    .transform((v) => v === '1'),
});

export { parseExportQuery } from '../schema';
