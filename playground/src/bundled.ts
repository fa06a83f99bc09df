import type { BUNDLED_SETS } from './state.js';

/** The bundled CSV files from the repository's data/ folder, each loaded (as a separate chunk) when first asked for. */
export async function bundledText(name: (typeof BUNDLED_SETS)[number]): Promise<string> {
  switch (name) {
    case 'iris':
      return (await import('../../data/iris.csv?raw')).default;
    case 'digits':
      return (await import('../../data/digits.csv?raw')).default;
    case 'breast_cancer':
      return (await import('../../data/breast_cancer.csv?raw')).default;
  }
}
