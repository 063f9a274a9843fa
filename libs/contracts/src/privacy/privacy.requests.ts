import { IsTown } from '../http/town.js';
import { PersonalDataCheckDto } from '../http/privacy/personal-data-check.dto.js';
import type { Insee } from '../towns.js';

/** `digit.command.privacy.check-personal-data`: the cross-check of content against the town DPD's register (R-GDPR-2). */
export class CheckPersonalDataRequest extends PersonalDataCheckDto {
  @IsTown()
  insee!: Insee;
}
