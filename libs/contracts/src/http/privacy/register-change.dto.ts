import { Type } from 'class-transformer';
import { IsNotEmptyObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ProcessingFicheDto } from './processing-fiche.dto.js';

const BY = { message: 'by doit identifier qui agit (par ex. dpd:92012:mlefevre)' };

/** `POST /api/v1/privacy/{insee}/register`: a new processing, in draft until its DPD validates it (R-GDPR-1). */
export class DeclareProcessingDto {
  @IsString({ message: 'reference doit être la référence du traitement au registre, par ex. TRT-2024-001' })
  @MaxLength(64, { message: '$property : 64 caractères au plus' })
  reference!: string;

  @IsNotEmptyObject({}, { message: 'fiche doit décrire le traitement (nom, finalités, base légale...)' })
  @ValidateNested()
  @Type(() => ProcessingFicheDto)
  fiche!: ProcessingFicheDto;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `PUT /api/v1/privacy/{insee}/register/{reference}`: a changed fiche goes back to draft. */
export class UpdateProcessingDto {
  @IsNotEmptyObject({}, { message: 'fiche doit décrire le traitement (nom, finalités, base légale...)' })
  @ValidateNested()
  @Type(() => ProcessingFicheDto)
  fiche!: ProcessingFicheDto;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `POST /api/v1/privacy/{insee}/register/{reference}/validation`: the DPD validates the fiche. */
export class ValidateProcessingDto {
  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `POST /api/v1/privacy/{insee}/register/{reference}/withdrawal`. */
export class WithdrawProcessingDto {
  @IsString({ message: 'reason doit indiquer le motif du retrait' })
  @MaxLength(2000, { message: '$property : 2000 caractères au plus' })
  reason!: string;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}

/** `POST /api/v1/privacy/{insee}/register/import` as JSON (a `text/csv` body is accepted too). */
export class RegisterImportDto {
  @IsString({ message: 'csv doit contenir le registre au format CSV (séparateur « ; » ou « , »)' })
  csv!: string;

  @IsOptional() @IsString(BY) @MaxLength(200, { message: '$property : 200 caractères au plus' })
  by?: string;
}
