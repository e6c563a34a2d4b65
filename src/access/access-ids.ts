const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Request ids are UUIDs; anything else cannot name a request (and must not reach a uuid column). */
export const isUuid = (value: string) => UUID.test(value);
