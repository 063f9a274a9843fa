import { csvText, neutraliseFormula } from './csv-text.js';

describe('CSV exports neutralise formulas (issue 18, OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://example.org","clic")', '\'=HYPERLINK("http://example.org","clic")'],
    ['+33 1 46 99 12 34', "'+33 1 46 99 12 34"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['Allée Marie Curie', 'Allée Marie Curie'],
    ['a=b', 'a=b'],
    ['', ''],
    // Plain numbers stay numbers for the spreadsheet: negative amounts in numeric columns stay readable.
    ['-1200', '-1200'],
    ['-329,65', '-329,65'],
    ['0.077', '0.077'],
    ['-1e5', "'-1e5"],
  ])('%p is written %p', (cell, written) => {
    expect(neutraliseFormula(cell)).toBe(written);
  });

  it('neutralises every text cell of an export, quoting as CSV needs, and leaves numbers as numbers', () => {
    const text = csvText(
      [
        { label: '=HYPERLINK("http://example.org","x")', amount: -1200, euros: '-12,00' },
        { label: 'Total', amount: 3_296_500, euros: '32965,00' },
      ],
      { header: true, columns: ['label', 'amount', 'euros'], delimiter: ';' },
    );
    expect(text).toBe('label;amount;euros\n"\'=HYPERLINK(""http://example.org"",""x"")";-1200;-12,00\nTotal;3296500;32965,00\n');
  });

  it('applies after a cast of the caller’s own', () => {
    expect(csvText([['a']], { cast: { string: (value) => `=${value}` } })).toBe("'=a\n");
  });
});
