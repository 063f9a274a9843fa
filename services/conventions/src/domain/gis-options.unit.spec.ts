import { GIS_OPTION_NUMBERS } from '@digit/contracts';
import { GIS_OPTIONS } from './gis-options.js';

describe('GIS options of article 1.1', () => {
  it.each([
    [1, 1, 5, 1, '0.004'],
    [2, 6, 15, 3, '0.024'],
    [3, 16, 50, 6, '0.048'],
    [4, 51, 150, 20, '0.14'],
  ] as const)(
    'R-CON-7: option %i is %i to %i users, %i edit licences, SIG share %s',
    (option, minUsers, maxUsers, editLicences, sigShare) => {
      expect(GIS_OPTIONS[option]).toMatchObject({ option, minUsers, maxUsers, editLicences, sigShare });
    },
  );

  it('R-CON-7: the four options of the contract are the ones described here', () => {
    expect(Object.keys(GIS_OPTIONS).map(Number)).toEqual([...GIS_OPTION_NUMBERS]);
  });
});
