import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** CONTRACT.md v1.1 "Lists are paged": `limit` at most 1000, `after` the cursor a previous page gave. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** A page of a list: its items and the cursor of the next page (null on the last one). */
export interface Page<Item> {
  readonly items: readonly Item[];
  readonly next: string | null;
}

/** The paging fields every list request accepts; list DTOs extend it. */
export class PageRequestDto {
  @IsOptional()
  @IsInt({ message: 'limit doit être un nombre entier' })
  @Min(1, { message: 'limit vaut au moins 1' })
  @Max(MAX_PAGE_SIZE, { message: `limit vaut au plus ${MAX_PAGE_SIZE}` })
  limit?: number;

  @IsOptional()
  @IsString({ message: 'after doit être le curseur donné par la page précédente (champ next)' })
  @MaxLength(200, { message: 'after : curseur trop long' })
  @Matches(/^[A-Za-z0-9._:~-]+$/, { message: 'after doit être le curseur donné par la page précédente (champ next)' })
  after?: string;
}

/**
 * A reply must fit in one NATS message (1 MB by default, `max_payload`): a page stops early when
 * its items reach this many bytes of JSON, and says where the next one starts.
 */
export const MAX_PAGE_BYTES = 512 * 1024;

const encoder = new TextEncoder();

/**
 * The page of `items` (already sorted by their cursor, and starting after the request's cursor)
 * that fits `limit` and MAX_PAGE_BYTES. `cursorOf` gives the cursor of an item: the next page
 * starts after the last item served.
 */
export const pageOf = <Item>(items: readonly Item[], limit: number | undefined, cursorOf: (item: Item) => string): Page<Item> => {
  const wanted = limit ?? DEFAULT_PAGE_SIZE;
  const served: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    if (served.length === wanted) break;
    const size = encoder.encode(JSON.stringify(item) ?? 'null').length;
    if (served.length > 0 && bytes + size > MAX_PAGE_BYTES) break;
    served.push(item);
    bytes += size;
  }
  const more = served.length < items.length;
  return { items: served, next: more && served.length > 0 ? cursorOf(served.at(-1)!) : null };
};
