import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../http/calendar-date.js';
import { isInsee, type Insee } from '../towns.js';
import {
  CATALOGUE_LICENCES,
  RESPONSIBLE_ROLES,
  SPATIAL_GRANULARITIES,
  UPDATE_FREQUENCIES,
  type CatalogueLicence,
  type ResponsibleRole,
  type SpatialGranularity,
  type UpdateFrequency,
} from './metadata-record-view.js';

/**
 * `PUT /api/v1/catalogue/records/{identifier}`: an INSPIRE core metadata record (R-DX-6), checked
 * here for shape and size; the domain checks what relates fields (dates in order, a box whose
 * east is east of its west) and who may describe what (R-DX-3).
 *
 * Limits (issue 18: 313 records of 94 KB of free text exhausted the service): identifier 200
 * (it is the list's cursor); title 256; abstract and lineage 4,000 characters each; conditions of
 * use 1,000; theme, names 140; 30 keywords of 100; 20 distributions; URLs 1,000; e-mail 254.
 * A record is thus at most about 40,000 characters.
 */
const FILLED = /\S/;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const SIRET = /^\d{14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORMAT = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/;
const URL_MAX = 1000;

const isHttpUrl = (value: unknown): boolean => {
  if (typeof value !== 'string' || value.length > URL_MAX) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** An http(s) URL, the only kind a catalogue reader can follow, of URL_MAX characters at most. */
const IsHttpUrl = (label: string) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isHttpUrl',
    target: target.constructor,
    propertyName,
    options: { message: `${label} doit être une URL http(s) de ${URL_MAX} caractères au plus` },
    validator: { validate: isHttpUrl },
  });

/** A town's INSEE code when the scope is a town; nothing when it is the territory. */
const IsScopeTown = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isScopeTown',
    target: target.constructor,
    propertyName,
    options: { message: 'scope.insee : le code INSEE d’une commune de GPSO pour une portée town, rien pour la portée territory' },
    validator: { validate: (value, args) => ((args?.object as { kind?: unknown }).kind === 'town' ? isInsee(value) : value === undefined) },
  });

const text = (label: string, max: number) => [
  IsString({ message: `${label} doit être un texte` }),
  Matches(FILLED, { message: `${label} est obligatoire` }),
  MaxLength(max, { message: `${label} : ${max.toLocaleString('fr-FR')} caractères au plus` }),
];
const Text =
  (label: string, max: number): PropertyDecorator =>
  (target, key) => {
    for (const decorator of text(label, max)) decorator(target, key);
  };

export class MetadataScopeDto {
  @IsIn(['territory', 'town'], { message: 'scope.kind vaut territory (données de référence du territoire) ou town (données d’une ville)' })
  kind!: 'territory' | 'town';

  @IsScopeTown()
  insee?: Insee;
}

export class TemporalExtentDto {
  @IsCalendarDate({ message: 'temporalExtent.start doit être une date AAAA-MM-JJ valide' })
  start!: string;

  @IsCalendarDate({ message: 'temporalExtent.end doit être une date AAAA-MM-JJ valide' })
  end!: string;
}

const LONGITUDE = 'doit être une longitude en degrés entre -180 et 180 (WGS 84)';
const LATITUDE = 'doit être une latitude en degrés entre -90 et 90 (WGS 84)';

export class BoundingBoxDto {
  @IsNumber({}, { message: `boundingBox.west ${LONGITUDE}` })
  @Min(-180, { message: `boundingBox.west ${LONGITUDE}` })
  @Max(180, { message: `boundingBox.west ${LONGITUDE}` })
  west!: number;

  @IsNumber({}, { message: `boundingBox.east ${LONGITUDE}` })
  @Min(-180, { message: `boundingBox.east ${LONGITUDE}` })
  @Max(180, { message: `boundingBox.east ${LONGITUDE}` })
  east!: number;

  @IsNumber({}, { message: `boundingBox.south ${LATITUDE}` })
  @Min(-90, { message: `boundingBox.south ${LATITUDE}` })
  @Max(90, { message: `boundingBox.south ${LATITUDE}` })
  south!: number;

  @IsNumber({}, { message: `boundingBox.north ${LATITUDE}` })
  @Min(-90, { message: `boundingBox.north ${LATITUDE}` })
  @Max(90, { message: `boundingBox.north ${LATITUDE}` })
  north!: number;
}

export class SpatialCoverageDto {
  @IsIn(SPATIAL_GRANULARITIES, { message: `spatialCoverage.granularity vaut l’une de : ${SPATIAL_GRANULARITIES.join(', ')}` })
  granularity!: SpatialGranularity;

  @Text('spatialCoverage.name', 140)
  name!: string;
}

export class ConditionsOfUseDto {
  @IsIn(CATALOGUE_LICENCES, { message: `conditionsOfUse.licence vaut l’une de : ${CATALOGUE_LICENCES.join(', ')}` })
  licence!: CatalogueLicence;

  @Text('conditionsOfUse.statement', 1000)
  statement!: string;

  @IsOptional()
  @IsHttpUrl('conditionsOfUse.licenceUrl')
  licenceUrl?: string;
}

export class ResponsiblePartyDto {
  @Text('responsibleParty.organisationName', 140)
  organisationName!: string;

  @Matches(SIRET, { message: 'responsibleParty.siret : le SIRET comporte 14 chiffres' })
  siret!: string;

  @IsString({ message: 'responsibleParty.email doit être une adresse électronique' })
  @MaxLength(254, { message: 'responsibleParty.email : 254 caractères au plus' })
  @Matches(EMAIL, { message: 'responsibleParty.email : adresse électronique invalide' })
  email!: string;

  @IsIn(RESPONSIBLE_ROLES, { message: `responsibleParty.role vaut l’un de : ${RESPONSIBLE_ROLES.join(', ')}` })
  role!: ResponsibleRole;
}

export class RecordDatesDto {
  @IsCalendarDate({ message: 'dates.creation doit être une date AAAA-MM-JJ valide' })
  creation!: string;

  @IsOptional()
  @IsCalendarDate({ message: 'dates.publication doit être une date AAAA-MM-JJ valide' })
  publication?: string;

  @IsOptional()
  @IsCalendarDate({ message: 'dates.revision doit être une date AAAA-MM-JJ valide' })
  revision?: string;
}

export class DistributionDto {
  @IsString({ message: 'le format de la ressource doit être un texte (ex. csv, geojson, shp)' })
  @MaxLength(40, { message: 'le format de la ressource : 40 caractères au plus' })
  @Matches(FORMAT, { message: 'le format de la ressource est obligatoire, sans espace (ex. csv, geojson, shp)' })
  format!: string;

  @IsHttpUrl('l’adresse de la ressource')
  url!: string;
}

const nested = (type: () => new () => object, shape: string, label: string) => [
  IsObject({ message: `${label} doit être un objet ${shape}` }),
  ValidateNested(),
  Type(type),
];
const Nested =
  (type: () => new () => object, shape: string, label: string): PropertyDecorator =>
  (target, key) => {
    for (const decorator of nested(type, shape, label)) decorator(target, key);
  };

export class SaveMetadataRecordRequest {
  /** From the path. */
  @Matches(IDENTIFIER, {
    message: 'identifier : 200 caractères au plus, lettres non accentuées, chiffres, « . », « _ » ou « - », sans espace',
  })
  identifier!: string;

  @Nested(() => MetadataScopeDto, '{ kind, insee? }', 'scope')
  scope!: MetadataScopeDto;

  @Text('title', 256)
  title!: string;

  @Text('abstract', 4000)
  abstract!: string;

  @Text('lineage', 4000)
  lineage!: string;

  @Text('theme', 140)
  theme!: string;

  @IsArray({ message: 'keywords doit être une liste de mots-clés' })
  @ArrayMinSize(1, { message: 'keywords : au moins un mot-clé est obligatoire' })
  @ArrayMaxSize(30, { message: 'keywords : 30 mots-clés au plus' })
  @IsString({ each: true, message: 'un mot-clé est un texte' })
  @Matches(/^[^;]*[^;\s][^;]*$/, { each: true, message: 'un mot-clé est un texte non vide, sans « ; »' })
  @MaxLength(100, { each: true, message: 'un mot-clé fait 100 caractères au plus' })
  keywords!: string[];

  @Nested(() => TemporalExtentDto, '{ start, end }', 'temporalExtent')
  temporalExtent!: TemporalExtentDto;

  @Nested(() => BoundingBoxDto, '{ west, east, south, north }', 'boundingBox')
  boundingBox!: BoundingBoxDto;

  @Nested(() => SpatialCoverageDto, '{ granularity, name }', 'spatialCoverage')
  spatialCoverage!: SpatialCoverageDto;

  @Nested(() => ConditionsOfUseDto, '{ licence, statement, licenceUrl? }', 'conditionsOfUse')
  conditionsOfUse!: ConditionsOfUseDto;

  @Nested(() => ResponsiblePartyDto, '{ organisationName, siret, email, role }', 'responsibleParty')
  responsibleParty!: ResponsiblePartyDto;

  @Nested(() => RecordDatesDto, '{ creation, publication?, revision? }', 'dates')
  dates!: RecordDatesDto;

  @IsIn(UPDATE_FREQUENCIES, { message: `updateFrequency vaut l’une de : ${UPDATE_FREQUENCIES.join(', ')}` })
  updateFrequency!: UpdateFrequency;

  @IsArray({ message: 'distributions doit être une liste de { format, url } (vide tant que rien n’est publié)' })
  @ArrayMaxSize(20, { message: 'distributions : 20 ressources au plus' })
  @ValidateNested({ each: true })
  @Type(() => DistributionDto)
  distributions!: DistributionDto[];

  @IsOptional()
  @IsHttpUrl('landingPage')
  landingPage?: string;
}

/** `DELETE /api/v1/catalogue/records/{identifier}`. */
export class RemoveMetadataRecordRequest {
  @Matches(IDENTIFIER, {
    message: 'identifier : 200 caractères au plus, lettres non accentuées, chiffres, « . », « _ » ou « - », sans espace',
  })
  identifier!: string;
}
