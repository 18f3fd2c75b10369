import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Cerberus Atlas',
  description: 'Explore Cerberus nuclei, glands, lumina and tissue types over the TCGA colorectal cohort.',
};

/** Root layout: product header and page body. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-baseline gap-4 px-6 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
              Cerberus Atlas
            </Link>
            <span className="text-sm text-slate-500">
              nuclei · glands · lumina · tissue types — TCGA colorectal cancer
            </span>
            <nav className="ml-auto flex gap-4 text-sm" aria-label="Main">
              <Link href="/" className="text-slate-700 hover:text-slate-950">
                Cohort
              </Link>
              <Link href="/explore" className="text-slate-700 hover:text-slate-950">
                Biomarker explorer
              </Link>
            </nav>
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
      </body>
    </html>
  );
}
