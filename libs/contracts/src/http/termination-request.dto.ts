import { IsIn } from 'class-validator';
import { IsCalendarDate } from './calendar-date.js';

/** `POST /api/v1/conventions/{insee}/terminations` (CONTRACT.md, R-CON-4). */
export class TerminationRequestDto {
  @IsIn(['town', 'ept'], { message: "requestedBy doit valoir 'town' (la ville) ou 'ept' (l'EPT GPSO)" })
  requestedBy!: 'town' | 'ept';

  @IsCalendarDate({ message: "noticeDate doit être la date de la lettre recommandée avec accusé de réception, au format AAAA-MM-JJ" })
  noticeDate!: string;
}
