import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested, registerDecorator } from 'class-validator';

/** The kinds of data DIGIT checks before processing (R-GDPR-2). */
const CHECKED_ITEM_KINDS = ['dataset', 'support-request', 'road-order'] as const;

const isCsvOrJson = (value: unknown): boolean => typeof value === 'string' || (typeof value === 'object' && value !== null);

const IsCsvOrJson = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCsvOrJson',
    target: target.constructor,
    propertyName,
    options: { message: 'content doit être le texte CSV (en-tête en première ligne) ou le JSON des données à vérifier' },
    validator: { validate: isCsvOrJson },
  });

const isDeclaredCategories = (value: unknown): boolean =>
  value === 'none' || (Array.isArray(value) && value.length <= 50 && value.every((item) => typeof item === 'string'));

const IsDeclaredCategories = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isDeclaredCategories',
    target: target.constructor,
    propertyName,
    options: {
      message: `${propertyName} doit valoir « none » (aucune donnée personnelle) ou une liste de catégories (identity, email, phone, postal-address, cadastral-owner...)`,
    },
    validator: { validate: isDeclaredCategories },
  });

/** The data about to be processed: which one, and its content (never stored, only its SHA-256). */
export class CheckedItemDto {
  @IsIn(CHECKED_ITEM_KINDS, { message: `kind doit valoir ${CHECKED_ITEM_KINDS.join(', ')}` })
  kind!: (typeof CHECKED_ITEM_KINDS)[number];

  @IsString({ message: "id doit être l'identifiant de la donnée chez l'expéditeur" })
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  id!: string;

  @IsDefined({ message: 'content est obligatoire : le texte CSV ou le JSON des données' })
  @IsCsvOrJson()
  content!: unknown;
}

/**
 * The cross-check request (R-GDPR-2): NATS `digit.command.privacy.check-personal-data` with
 * `insee` beside these fields, or `POST /api/v1/privacy/{insee}/checks`.
 * `declaredCategories` absent means the sender states nothing: what is detected stands.
 */
export class PersonalDataCheckDto {
  @IsDefined({ message: 'item est obligatoire : { kind, id, content }' })
  @IsObject({ message: 'item doit être un objet { kind, id, content }' })
  @ValidateNested()
  @Type(() => CheckedItemDto)
  item!: CheckedItemDto;

  @IsOptional()
  @IsString({ message: 'declaredProcessing doit être la référence du traitement au registre du DPD' })
  @MaxLength(64, { message: '$property : 64 caractères au plus' })
  declaredProcessing?: string;

  @IsOptional()
  @IsDeclaredCategories()
  declaredCategories?: 'none' | string[];

  @IsOptional()
  @IsString({ message: 'checkedBy doit identifier qui demande la vérification (par ex. system:data-exchange)' })
  @MaxLength(200, { message: '$property : 200 caractères au plus' })
  checkedBy?: string;
}
