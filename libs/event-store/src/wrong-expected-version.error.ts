/** `no_stream`: the stream must not exist yet; `any`: no check; a number: the stream's last version. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export const conflicts = (expected: ExpectedVersion, actual: number): boolean =>
  (expected === 'no_stream' && actual !== 0) || (typeof expected === 'number' && expected !== actual);
