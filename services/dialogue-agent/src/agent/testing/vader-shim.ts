import { readFileSync } from 'node:fs';

/**
 * vader-sentiment ships its lexicon as an ES module that Jest's CommonJS runtime cannot require;
 * this loads the very same data from that file for tests (jest.mock factory).
 */
export function loadVaderLexicon(): { lexicon: Record<string, number> } {
  const src = readFileSync(require.resolve('vader-sentiment/src/vader_lexicon.js'), 'utf8');
  const body = src.slice(src.indexOf('export const lexicon =') + 'export const lexicon ='.length);
  return { lexicon: new Function(`return (${body.replace(/;\s*$/, '').replace(/;?\s*export[\s\S]*$/, '')})`)() };
}
