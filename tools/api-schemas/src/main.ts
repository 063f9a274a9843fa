import { writeReplySchemasModule, REPLY_SCHEMAS_MODULE } from './reply-schemas.js';

const root = new URL('../../..', import.meta.url).pathname;
writeReplySchemasModule(root);
console.log(`wrote ${REPLY_SCHEMAS_MODULE}`);
