import { IsIn } from 'class-validator';
import { INSEE_CODES } from '../towns.js';

/** One of GPSO's eight towns, by INSEE code. */
export const IsTown = () => IsIn(INSEE_CODES, { message: `code INSEE d'une commune de GPSO attendu : ${INSEE_CODES.join(', ')}` });
