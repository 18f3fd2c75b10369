import Link from 'next/link';

/** Unknown or malformed slide id: says so and links back to the cohort. */
export default function SlideNotFound() {
  return (
    <section className="rounded border border-slate-300 bg-white p-6" data-testid="slide-not-found">
      <h1 className="text-xl font-semibold">Slide not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        There is no slide with this id in the served dataset, or the id is not a valid slide barcode.
      </p>
      <Link href="/" className="mt-4 inline-block text-sm text-sky-700 hover:underline">
        ← Back to the cohort
      </Link>
    </section>
  );
}
