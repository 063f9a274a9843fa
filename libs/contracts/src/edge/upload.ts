import { IsInt, Matches, Max, Min } from 'class-validator';

/** A file the gateway put into the uploads object store for a service (HttpBinding `UploadBody`). */
export interface UploadRef {
  readonly name: string;
  readonly size: number;
  /** SHA-256 of the bytes, hexadecimal. */
  readonly sha256: string;
}

export class UploadRefDto implements UploadRef {
  @Matches(/^[0-9a-f-]{36}$/, { message: 'name : le nom de dépôt donné par la passerelle (UUID)' })
  name!: string;

  @IsInt({ message: 'size : nombre d’octets entier' })
  @Min(0)
  @Max(1_000_000_000)
  size!: number;

  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 : empreinte SHA-256 en hexadécimal minuscule' })
  sha256!: string;
}
