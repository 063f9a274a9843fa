import { contentSha256, datasetContentProblems } from './dataset-content.js';

const CSV = 'id;essence\n1;Platane\n';
const JSON_TEXT = '[{"id":1,"essence":"Platane"}]';

describe('dataset content as a town sends it (R-DX-4)', () => {
  it.each([
    ['a CSV file', 'csv', CSV],
    ['a comma-separated CSV with a BOM', 'csv', '\uFEFFid,essence\n1,Platane\n'],
    ['a JSON document', 'json', JSON_TEXT],
  ])('R-DX-4: %s is read as it is, its hash is the one of the text received', (_, format, content) => {
    expect(datasetContentProblems(format, content, contentSha256(content))).toEqual([]);
  });

  it.each([
    ['an unknown format', 'format', 'xlsx', CSV, contentSha256(CSV)],
    ['empty content', 'content', 'csv', '  ', contentSha256('  ')],
    ['a hash of other content', 'contentHash', 'csv', CSV, contentSha256(`${CSV} `)],
    ['broken JSON', 'content', 'json', '[{"id":1', contentSha256('[{"id":1')],
    ['an unclosed CSV quote', 'content', 'csv', '"id;essence\n1;Platane', contentSha256('"id;essence\n1;Platane')],
  ])('R-DX-4: %s is refused at %s', (_, path, format, content, hash) => {
    expect(datasetContentProblems(format, content, hash)).toEqual([{ path, message: expect.any(String) }]);
  });
});
