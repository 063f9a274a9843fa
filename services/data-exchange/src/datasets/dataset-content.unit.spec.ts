import { contentSha256, datasetContentProblems, type DatasetFormat } from './dataset-content.js';

const CSV = 'id;essence\n1;Platane\n';
const JSON_TEXT = '[{"id":1,"essence":"Platane"}]';

describe('dataset content as a town sends it (R-DX-4)', () => {
  it.each<[string, DatasetFormat, string]>([
    ['a CSV file', 'csv', CSV],
    ['a comma-separated CSV with a BOM', 'csv', '\uFEFFid,essence\n1,Platane\n'],
    ['a JSON document', 'json', JSON_TEXT],
  ])('R-DX-4: %s is read as it is', (_, format, content) => {
    expect(datasetContentProblems(format, content)).toEqual([]);
  });

  it('R-DX-4: its hash is the one of the text received, byte for byte', () => {
    expect(contentSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentSha256(CSV)).not.toBe(contentSha256(`${CSV} `));
  });

  it.each<[string, string, DatasetFormat, string]>([
    ['empty content', 'content', 'csv', '  '],
    ['broken JSON', 'content', 'json', '[{"id":1'],
    ['an unclosed CSV quote', 'content', 'csv', '"id;essence\n1;Platane'],
  ])('R-DX-4: %s is refused at %s', (_, path, format, content) => {
    expect(datasetContentProblems(format, content)).toEqual([{ path, message: expect.any(String) }]);
  });
});
