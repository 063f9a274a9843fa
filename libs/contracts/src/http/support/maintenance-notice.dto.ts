import { ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsInstant } from './instant.js';

/**
 * `POST /api/v1/support/maintenance` (R-SUP-4): an interruption of the web map module and/or of
 * database access, announced before it starts to every town whose convention is in force.
 */
export class MaintenanceNoticeDto {
  @IsArray({ message: "services doit être une liste : 'web-map' (module cartographique web) et/ou 'database' (accès aux bases)" })
  @ArrayMinSize(1, { message: 'au moins un service interrompu' })
  @IsIn(['web-map', 'database'], { each: true, message: "chaque service vaut 'web-map' ou 'database'" })
  services!: ('web-map' | 'database')[];

  @IsInstant({ message: 'plannedStart doit être le début prévu, ISO 8601 avec décalage' })
  plannedStart!: string;

  @IsInstant({ message: 'plannedEnd doit être la fin prévue, ISO 8601 avec décalage' })
  plannedEnd!: string;

  @IsString({ message: 'description doit être un texte' })
  @Matches(/\S/, { message: "la description de l'intervention est obligatoire" })
  @MaxLength(5_000, { message: 'la description dépasse 5000 caractères' })
  description!: string;
}
