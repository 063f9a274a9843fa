import { IsString, MaxLength } from 'class-validator';

/**
 * `POST /api/v1/privacy/erasures` (RGPD art. 17): destroys the person's key, so every field
 * sealed with it reads as erased, and read models drop what they derived from it.
 */
export class ErasureRequestDto {
  @IsString({ message: "subjectId doit être l'identifiant de la personne dans les données (personId d'un contact, agentId d'un agent)" })
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  subjectId!: string;

  @IsString({ message: "requestedBy doit identifier qui demande l'effacement (par ex. dpd:92012:mlefevre)" })
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  requestedBy!: string;

  @IsString({ message: "reason doit indiquer le motif de l'effacement, sans donnée personnelle" })
  @MaxLength(2000, { message: '$property : 2000 caractères au plus' })
  reason!: string;
}
