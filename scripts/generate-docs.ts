/** Regenerates the registry tables inside docs/data-model.md (`npm run docs`). */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { renderRegistryMarkdown, replaceGeneratedSection } from '../lib/registry/markdown';

const path = new URL('../docs/data-model.md', import.meta.url);
const updated = replaceGeneratedSection(readFileSync(path, 'utf8'), renderRegistryMarkdown());
const temp = new URL('../docs/.data-model.md.tmp', import.meta.url);
writeFileSync(temp, updated);
renameSync(temp, path);
process.stdout.write('docs/data-model.md regenerated from lib/registry\n');
