import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `POST /api/v1/billing/investments` (R-BIL-7): a line of the EPT's investment register, depreciated linearly from 1 January of `startYear`. */
export class InvestmentDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'assetId : 1 à 64 lettres, chiffres, points, tirets ou soulignés' })
  assetId!: string;

  @IsString({ message: 'asset doit être un texte' })
  @Matches(/\S/, { message: "asset doit décrire l'investissement (par exemple « Serveur SIG web »)" })
  @MaxLength(500, { message: 'asset dépasse 500 caractères' })
  asset!: string;

  @IsInt({ message: 'costCents doit être un montant entier en centimes, strictement positif' })
  @Min(1, { message: 'costCents doit être un montant entier en centimes, strictement positif' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'costCents est trop grand' })
  costCents!: number;

  @IsInt({ message: 'startYear doit être une année entre 2000 et 2099' })
  @Min(2000, { message: 'startYear doit être une année entre 2000 et 2099' })
  @Max(2099, { message: 'startYear doit être une année entre 2000 et 2099' })
  startYear!: number;

  @IsInt({ message: "depreciationYears doit être un nombre entier d'années entre 1 et 100" })
  @Min(1, { message: "depreciationYears doit être un nombre entier d'années entre 1 et 100" })
  @Max(100, { message: "depreciationYears doit être un nombre entier d'années entre 1 et 100" })
  depreciationYears!: number;
}
