import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INSEE_CODES } from '../../towns.js';

/** Annex 2's seven steps, in order (R-SUP-2). */
export const SUPPORT_PROJECT_STEPS = [
  'contact',
  'cadrage',
  'evaluation',
  'engagement-et-lancement',
  'echange-et-integration-des-donnees',
  'integration-dans-les-outils',
  'presentation-et-livraison',
] as const;

/** `POST /api/v1/support/projects`: a GIS or Open Data project opens at its first step, the contact. */
export class ProjectOpeningDto {
  @IsIn(INSEE_CODES, { message: `insee doit être le code INSEE d'une commune de GPSO (${INSEE_CODES.join(', ')})` })
  insee!: string;

  @IsIn(['sig', 'open-data'], { message: "kind vaut 'sig' ou 'open-data'" })
  kind!: 'sig' | 'open-data';

  @IsString({ message: 'title doit être un texte' })
  @Matches(/\S/, { message: "l'intitulé du projet (title) est obligatoire" })
  @MaxLength(500, { message: "l'intitulé dépasse 500 caractères" })
  title!: string;

  @IsOptional()
  @IsString({ message: "requestId doit être l'identifiant de la demande à l'origine du projet" })
  @MaxLength(100, { message: 'requestId dépasse 100 caractères' })
  requestId?: string;
}

/** `POST /api/v1/support/projects/{id}/steps`: the step in progress is completed. */
export class ProjectStepCompletionDto {
  @IsIn(SUPPORT_PROJECT_STEPS, { message: `step vaut l'une des étapes de l'annexe 2 : ${SUPPORT_PROJECT_STEPS.join(', ')}` })
  step!: (typeof SUPPORT_PROJECT_STEPS)[number];

  @IsOptional()
  @IsBoolean({ message: 'openDataPreparationProposed doit valoir true ou false' })
  openDataPreparationProposed?: boolean;
}
