import { z } from 'zod';

/** One file of a dataset with its size and content hash. Paths are relative, '/'-separated. */
export const ManifestFileSchema = z.object({
  path: z.string().regex(/^(?!\/)(?!.*\.\.)[\w./=@+-]+$/, 'relative path without ..'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** `manifest.json` of a dataset folder (docs/data-model.md, "Dataset layout"). */
export const ManifestSchema = z.object({
  datasetId: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case id'),
  version: z.string().min(1),
  dataModelVersion: z.number().int().positive(),
  source: z.object({
    kind: z.enum(['cerberus', 'hovernet', 'qupath', 'simulated']),
    description: z.string(),
    simulated: z.boolean(),
  }),
  /** ISO 8601; from SOURCE_DATE_EPOCH or the newest input file, so re-runs are byte-identical. */
  createdAt: z.string().datetime(),
  counts: z.object({
    slides: z.number().int().nonnegative(),
    nuclei: z.number().int().nonnegative(),
    glands: z.number().int().nonnegative(),
    lumina: z.number().int().nonnegative(),
  }),
  files: z.array(ManifestFileSchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = z.infer<typeof ManifestFileSchema>;
