export { csvText, neutraliseFormula } from './csv-text.js';
