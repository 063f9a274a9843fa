import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/**
 * Bodies of the datasets a town sends for integration (R-DX-4, R-DX-5, R-DX-8). These DTOs check
 * shapes and types; the data-exchange service's domain checks the rules (mentions filled, year,
 * personal data and its processing) and names every problem with its path.
 */
const SHA256 = /^[0-9a-fA-F]{64}$/;
const SHA256_MESSAGE = 'contentHash doit être l’empreinte SHA-256 (64 caractères hexadécimaux) de la version visée';

/** Mandatory mentions of any diffusion of the data (R-DX-4). */
export class DatasetMentionsDto {
  @IsString({ message: 'mentions.source doit être un texte (par ex. « Ville de Boulogne-Billancourt »)' })
  source!: string;

  @IsString({ message: 'mentions.copyright doit être un texte (par ex. « © Ville de Boulogne-Billancourt »)' })
  copyright!: string;

  @IsInt({ message: 'mentions.year doit être une année entière (par ex. 2024)' })
  year!: number;
}

/** The usage rights the town grants (R-DX-4). */
export class DatasetUsageRightsDto {
  @IsString({ message: 'usageRights.licence doit nommer la licence (par ex. « Licence Ouverte 2.0 »)' })
  licence!: string;

  @IsOptional()
  @IsString({ message: 'usageRights.conditions doit être un texte' })
  conditions?: string;
}

/** Whether the content holds personal data, and under which processing of the town's DPD register (R-GDPR-2). */
export class DatasetPersonalDataDto {
  @IsBoolean({ message: 'personalData.contains doit valoir true ou false' })
  contains!: boolean;

  @IsOptional()
  @IsString({ message: 'personalData.processingReference doit être la référence du traitement au registre du DPD' })
  processingReference?: string;
}

/** A version of the data: its declaration and its content (the gateway computes the SHA-256). */
export class DatasetVersionDto {
  @IsString({ message: 'title doit être le titre du jeu de données' })
  title!: string;

  @IsObject({ message: 'mentions doit être un objet { source, copyright, year }' })
  @ValidateNested()
  @Type(() => DatasetMentionsDto)
  mentions!: DatasetMentionsDto;

  @IsObject({ message: 'usageRights doit être un objet { licence, conditions? }' })
  @ValidateNested()
  @Type(() => DatasetUsageRightsDto)
  usageRights!: DatasetUsageRightsDto;

  @IsObject({ message: 'personalData doit être un objet { contains, processingReference? }' })
  @ValidateNested()
  @Type(() => DatasetPersonalDataDto)
  personalData!: DatasetPersonalDataDto;

  @IsIn(['csv', 'json'], { message: 'format doit valoir csv ou json' })
  format!: 'csv' | 'json';

  @IsString({ message: 'content doit être le texte du fichier (CSV ou JSON), tel quel' })
  @MinLength(1, { message: 'content ne doit pas être vide' })
  content!: string;
}

/** `POST /api/v1/datasets`: a town sends a new dataset. */
export class DatasetSubmissionDto extends DatasetVersionDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'datasetId : lettres, chiffres, « . », « _ » ou « - », 100 caractères au plus (absent : DIGIT en attribue un)' })
  datasetId?: string;

  @IsString({ message: 'insee doit être le code INSEE de la ville qui envoie (par ex. 92012)' })
  insee!: string;
}

/** `POST /api/v1/datasets/{id}/privacy-checks`: the current version's content, to ask the register check again. */
export class DatasetContentDto {
  @IsIn(['csv', 'json'], { message: 'format doit valoir csv ou json' })
  format!: 'csv' | 'json';

  @IsString({ message: 'content doit être le texte du fichier (CSV ou JSON), tel quel' })
  @MinLength(1, { message: 'content ne doit pas être vide' })
  content!: string;
}

/** Validation (town) or preparation for Open Data (DIGIT) of the version with this hash. */
export class DatasetVersionRefDto {
  @Matches(SHA256, { message: SHA256_MESSAGE })
  contentHash!: string;
}

/** `POST /api/v1/datasets/{id}/audits` (DIGIT): remarks on the version with this hash, none if all is right. */
export class DatasetAuditDto extends DatasetVersionRefDto {
  @IsArray({ message: 'remarks doit être une liste de remarques (vide si rien à redire)' })
  @IsString({ each: true, message: 'chaque remarque doit être un texte' })
  @MaxLength(2000, { each: true, message: 'une remarque fait 2 000 caractères au plus' })
  remarks!: string[];
}

/** `POST /api/v1/datasets/{id}/publications` (town only, R-DX-8). */
export class DatasetPublicationDto extends DatasetVersionRefDto {
  @IsIn(['town_subdomain', 'gpso_domain'], { message: 'target doit valoir town_subdomain (sous-domaine de la ville) ou gpso_domain' })
  target!: 'town_subdomain' | 'gpso_domain';
}
