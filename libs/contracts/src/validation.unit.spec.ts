import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { validateDto } from './validation.js';

class Road {
  @IsString()
  @MaxLength(10)
  name!: string;
}

class Budget {
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountCents!: number;

  @IsIn(['sig', 'personnel', 'structure'])
  pool!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Road)
  road?: Road;
}

/** A request that takes no parameter (a document export). */
class NoParameters {}

const detailsOf = async (body: unknown) => {
  const result = await validateDto(Budget, body);
  return result.ok ? [] : result.details;
};

describe('validation messages (issue 20: one message per field, the first that applies, in French)', () => {
  it('a missing amount gets one message, not three contradictory ones', async () => {
    const details = (await detailsOf({ pool: 'sig' })).filter((detail) => detail.path === 'amountCents');
    expect(details).toEqual([{ path: 'amountCents', message: 'valeur obligatoire' }]);
  });

  it('a wrong type is reported before any range', async () => {
    expect(await detailsOf({ amountCents: 'beaucoup', pool: 'sig' })).toEqual([{ path: 'amountCents', message: 'nombre entier attendu' }]);
  });

  it('a range is reported when the type is right', async () => {
    expect(await detailsOf({ amountCents: -5, pool: 'sig' })).toEqual([{ path: 'amountCents', message: 'doit valoir au moins 0' }]);
  });

  it('an unknown value lists the accepted ones', async () => {
    expect(await detailsOf({ amountCents: 5, pool: 'loyer' })).toEqual([
      { path: 'pool', message: 'valeur non acceptée ; valeurs acceptées : sig, personnel, structure' },
    ]);
  });

  it('an unknown field is refused in French, naming the accepted fields (never "property … should not exist")', async () => {
    const details = await detailsOf({ amountCents: 5, pool: 'sig', amount: 5 });
    expect(details).toEqual([
      { path: 'amount', message: 'champ inconnu : il n’existe pas dans le contrat ; champs acceptés : amountCents, pool, road' },
    ]);
  });

  it('nested fields have their path and French messages', async () => {
    expect(await detailsOf({ amountCents: 5, pool: 'sig', road: { name: 'x'.repeat(11) } })).toEqual([
      { path: 'road.name', message: '10 caractères au plus' },
    ]);
  });

  it('no message is English', async () => {
    const details = await detailsOf({ amountCents: 'x', pool: 3, road: 'rue', extra: true });
    for (const { message } of details) expect(message).not.toMatch(/\b(must|should|property)\b/);
  });

  it('bounds come first: a NUL anywhere is refused with its path', async () => {
    expect(await detailsOf({ amountCents: 5, pool: 'sig\u0000' })).toEqual([{ path: 'pool', message: 'caractère NUL (U+0000) interdit' }]);
  });

  it('a request without fields accepts an empty body and refuses any field', async () => {
    expect(await validateDto(NoParameters, {})).toMatchObject({ ok: true });
    expect(await validateDto(NoParameters, { format: 'xlsx' })).toEqual({
      ok: false,
      details: [{ path: 'format', message: expect.stringContaining('champ inconnu') }],
    });
  });
});
