import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

const LIST = { message: '$property doit être une liste de textes' };
const TEXT = { message: '$property doit être un texte' };

/** A transfer of personal data outside the European Union (RGPD art. 44 to 49). */
export class OutsideEuTransferDto {
  @IsString(TEXT)
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  country!: string;

  @IsString(TEXT)
  @MaxLength(2000, { message: '$property : 2000 caractères au plus' })
  safeguards!: string;
}

/**
 * One processing activity of a town's register (RGPD art. 30.1). The shapes are checked here;
 * the vocabulary (legal bases, data categories) and the completeness a validation needs are
 * checked by the privacy service, which answers each problem with its path.
 */
export class ProcessingFicheDto {
  @IsString(TEXT)
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  name!: string;

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  purposes?: string[];

  /** `consent`, `contract`, `legal-obligation`, `vital-interests`, `public-interest-mission`, `legitimate-interests`. */
  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(6, { message: '$property : 6 éléments au plus' })
  legalBases?: string[];

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  dataSubjects?: string[];

  /** Categories of the privacy vocabulary: `identity`, `email`, `phone`, `postal-address`, `cadastral-owner`, `health`... */
  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  dataCategories?: string[];

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  otherDataCategories?: string[];

  @IsOptional() @IsString(TEXT) @MaxLength(2000, { message: '$property : 2000 caractères au plus' })
  sensitiveDataException?: string;

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  recipients?: string[];

  @IsOptional() @IsArray(LIST) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' }) @ValidateNested({ each: true }) @Type(() => OutsideEuTransferDto)
  transfersOutsideEu?: OutsideEuTransferDto[];

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  retentionPeriods?: string[];

  @IsOptional() @IsArray(LIST) @IsString({ each: true, ...LIST }) @ArrayMaxSize(50, { message: '$property : 50 éléments au plus' })
  securityMeasures?: string[];

  @IsOptional() @IsString(TEXT) @MaxLength(500, { message: '$property : 500 caractères au plus' })
  jointController?: string;

  @IsOptional() @IsString(TEXT) @MaxLength(500, { message: '$property : 500 caractères au plus' })
  software?: string;
}
