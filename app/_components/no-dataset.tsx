/** The notice every page shows when the server has no dataset: why, and how to build or point at one. */
export function NoDataset({ reason }: { reason: string }) {
  return (
    <section data-testid="no-dataset" className="rounded border border-amber-300 bg-amber-50 p-4">
      <h1 className="text-xl font-semibold">No dataset loaded</h1>
      <p className="mt-2 text-sm">{reason}</p>
      <p className="mt-2 text-sm">
        Build the demo dataset with <code>npm start</code>, or point <code>ATLAS_DATASET</code> at a dataset folder made
        by <code>npm run pipeline -- ingest</code>.
      </p>
    </section>
  );
}
