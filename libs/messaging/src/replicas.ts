/**
 * `NATS_REPLICAS` (CONTRACT.md): how many nodes of the NATS cluster hold each stream and bucket
 * the system creates. 1 on a single server; 3 on the three-node cluster (infra/nats/cluster.conf),
 * which keeps every stream writable while one node is down.
 */
export const natsReplicas = (env: NodeJS.ProcessEnv = process.env): number => {
  const text = env.NATS_REPLICAS;
  if (text === undefined || text === '') return 1;
  if (!/^[1-5]$/.test(text)) throw new Error(`NATS_REPLICAS must be an integer from 1 to 5, got ${text}`);
  return Number(text);
};
