/** ISO 4217: the list lives with the template renderer (currency variables); jobs validate against the same one. */
export { ISO_4217_CODES, isIsoCurrency } from '../../../templates/src/index.js';
