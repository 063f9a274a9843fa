import { createHash } from 'node:crypto';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { UploadRef } from '@digit/contracts';
import type { Bus } from './bus.js';

/**
 * Files too large for one NATS message (1 MB): a town's BAL is several MB. The gateway streams the
 * request body into this JetStream object store (128 KiB chunks) and sends the service a reference;
 * the service reads the file from the store and deletes it once done. An upload nobody takes (the
 * gateway or the service died meanwhile) expires after an hour.
 */
export const UPLOADS_BUCKET = 'DIGIT_UPLOADS';
const UPLOAD_TTL_NANOS = 60 * 60 * 1_000_000_000;
/** The whole store is bounded too: uploads waiting there take 1 GiB at most. */
const UPLOADS_MAX_BYTES = 1024 * 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload larger than ${maxBytes} bytes`);
  }
}

const createBucket = (bus: Bus, replicas: number): Promise<ObjectStore> =>
  new Objm(bus.js).create(bus.streamName(UPLOADS_BUCKET), {
    ttl: UPLOAD_TTL_NANOS,
    max_bytes: UPLOADS_MAX_BYTES,
    replicas,
    description: 'Fichiers déposés par la passerelle pour un service (1 h au plus)',
  });
const openBucket = (bus: Bus): Promise<ObjectStore> => new Objm(bus.js).open(bus.streamName(UPLOADS_BUCKET));

/** Stores `chunks` under `name`, refusing (and removing) more than `maxBytes`. */
export const putUpload = async (
  bus: Bus,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  replicas = 1,
): Promise<UploadRef> => {
  const store = await createBucket(bus, replicas);
  const hash = createHash('sha256');
  let size = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const step = await iterator.next();
      if (step.done === true) return controller.close();
      const value: Uint8Array = step.value;
      size += value.byteLength;
      if (size > maxBytes) return controller.error(new UploadTooLargeError(maxBytes));
      hash.update(value);
      controller.enqueue(value);
    },
  });
  try {
    await store.put({ name }, body);
  } catch (error) {
    await store.delete(name).catch(() => undefined);
    throw error;
  }
  return { name, size, sha256: hash.digest('hex') };
};

/** The upload's bytes, checked against its reference (size and hash): a changed or cut file is refused. */
export const readUpload = async (bus: Bus, ref: UploadRef): Promise<Buffer | undefined> => {
  const bytes = await (await openBucket(bus)).getBlob(ref.name).catch(() => null);
  if (!bytes || bytes.byteLength !== ref.size || createHash('sha256').update(bytes).digest('hex') !== ref.sha256) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

export const deleteUpload = async (bus: Bus, name: string): Promise<void> => {
  await openBucket(bus)
    .then((store) => store.delete(name))
    .catch(() => undefined);
};
