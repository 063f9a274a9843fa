import type { DataExchangeOptions } from './data-exchange.tokens.js';

/**
 * Deployment settings from the environment. The seed gives neither GPSO's SIRET nor the
 * catalogue's address: until `DIGIT_CATALOGUE_SIRET` and `DIGIT_CATALOGUE_BASE_URI` are set, the
 * exports carry visible placeholders (fourteen zeros, a `.invalid` address), never a guessed value.
 */
export const dataExchangeOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): DataExchangeOptions => ({
  catalogue: {
    title: 'Catalogue des données du territoire Grand Paris Seine Ouest',
    description: 'Métadonnées (INSPIRE) des données de référence du territoire et des jeux de données que les villes confient à la DIGIT.',
    publisher: { name: 'Établissement public territorial Grand Paris Seine Ouest', siret: env.DIGIT_CATALOGUE_SIRET ?? '00000000000000' },
    baseUri: env.DIGIT_CATALOGUE_BASE_URI ?? 'https://catalogue.gpso.invalid',
  },
  privacyTimeoutMs: Number(env.DIGIT_PRIVACY_TIMEOUT_MS ?? 2000),
});
